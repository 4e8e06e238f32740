/** Models: architectures (stacked and graph-structured), their tensors under PyTorch's names, the trainable model. */
export * from "./architecture";
export * from "./named-tensors";
export * from "./model-tensors";
export * from "./parameter-names";
export * from "./recurrent-model";
