/** TensorFlow.js backend selection. */
export * from "./tensorflow-backend";
