/** Models: architectures (stacked and graph-structured), named tensors under PyTorch's names, the trainable model. */
export * from "./architecture";
export * from "./named-tensors";
export * from "./recurrent-model";
