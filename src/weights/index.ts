/** Model tensors on disk: the safetensors format and model files (the tensor set a model expects is in src/models). */
export * from "./safetensors";
export * from "./model-file";
