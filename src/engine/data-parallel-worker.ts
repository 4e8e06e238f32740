/** Worker thread of `DataParallelPartner`: forward and backward passes of its part of each batch on its own kernels. */
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { CONTROL, SHARED_LAYOUT, type PartnerMessage, type PartnerSetup } from "./data-parallel";
import { FusedNetwork } from "./fused-network";
import { ParameterBlock } from "./parameter-block";
import { KernelMemory, instantiateKernels } from "./wasm-kernels";

const { architecture, skipInput, kernels, shared, port } = workerData as PartnerSetup;
const control = new Int32Array(shared, 0, 8);

/** Report a failure to the main thread (which reads the message after seeing the error flag). */
function fail(error: unknown): void {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  Atomics.store(control, CONTROL.error, 1);
  Atomics.store(control, CONTROL.done, -1);
  Atomics.notify(control, CONTROL.done);
}

function serve(): void {
  const memory = new KernelMemory(instantiateKernels(kernels));
  const block = new ParameterBlock(architecture, memory);
  const network = new FusedNetwork(architecture, block, memory, skipInput);
  const results = new Float64Array(shared, SHARED_LAYOUT.results, 2);
  const parameters = new Float32Array(shared, SHARED_LAYOUT.parameters, block.length);
  const gradients = new Float32Array(shared, SHARED_LAYOUT.parameters + 4 * block.length, block.length);
  let seen = 0;
  let masksChanged = true;
  for (;;) {
    Atomics.wait(control, CONTROL.request, seen);
    seen = Atomics.load(control, CONTROL.request);
    for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
      const message = received.message as PartnerMessage;
      if (message.kind === "stop") return;
      if (message.kind === "masks") {
        memory.f32(block.gradientMask, block.length).set(message.mask);
        masksChanged = true;
        continue;
      }
      memory.f32(block.parameters, block.length).set(parameters);
      network.refreshWeights(masksChanged);
      masksChanged = false;
      const result = network.forward(message.batch, message.divisor);
      network.backward();
      gradients.set(memory.f32(block.gradients, block.length));
      results[0] = result.loss;
      control[CONTROL.correct] = result.correct;
    }
    Atomics.store(control, CONTROL.done, seen);
    Atomics.notify(control, CONTROL.done);
  }
}

try {
  serve();
} catch (error) {
  fail(error);
}
port.close();
