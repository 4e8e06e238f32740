/** Model tensors on disk: the safetensors format, the expected tensor set of a model, and model files. */
export * from "./safetensors";
export * from "./model-tensors";
export * from "./model-file";
