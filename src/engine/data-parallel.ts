/**
 * Data parallelism over two cores for one training step: a worker thread with its own kernel instance computes
 * the forward and backward pass of the second part of each batch while the main thread does the first part;
 * the worker's gradients come back through shared memory and are added to the main thread's (always in the same
 * order, so runs stay deterministic), then the main thread clips, steps Adam and publishes the new parameters.
 * That order is not one thread's, so two threads give other last bits (float32 rounding) than one.
 *
 * Synchronisation is Atomics.wait/notify on a SharedArrayBuffer (no event-loop turn per step); the batch and the
 * masks travel over a MessagePort read synchronously with receiveMessageOnPort.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { join } from "node:path";
import type { Architecture } from "../models/architecture";
import type { ParameterBlock } from "./parameter-block";
import type { ModelInput } from "../data/batching";
import type { SkipInput } from "./fused-network";
import type { KernelMemory, KernelVariant } from "./wasm-kernels";

/** Slots of the shared control array. */
export const CONTROL = { request: 0, done: 1, error: 2, correct: 3 } as const;
/** Byte offsets in the shared buffer: 8 int32 control slots, 2 float64 results, then parameters and gradients. */
export const SHARED_LAYOUT = { results: 32, parameters: 64 } as const;

/** What the worker needs to build its own copy of the network. */
export interface PartnerSetup {
  readonly architecture: Architecture;
  readonly skipInput: SkipInput;
  /** The main thread's kernel variant (the worker must compute as it does). */
  readonly kernels: KernelVariant;
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** Messages to the worker. */
export type PartnerMessage =
  { kind: "masks"; mask: Float32Array } | { kind: "step"; batch: ModelInput; divisor: number } | { kind: "stop" };

/** Seconds to wait for the worker before declaring it lost. */
const TIMEOUT_SECONDS = 120;

/** The main thread's side of a two-thread training step. */
export class DataParallelPartner {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control: Int32Array;
  private readonly results: Float64Array;
  private readonly parameters: Float32Array;
  private readonly gradients: Float32Array;
  private readonly scratch: number;
  private request = 0;

  constructor(
    architecture: Architecture,
    skipInput: SkipInput,
    private readonly block: ParameterBlock,
    private readonly memory: KernelMemory,
    kernels: KernelVariant,
  ) {
    const length = block.length;
    const shared = new SharedArrayBuffer(SHARED_LAYOUT.parameters + 8 * length);
    this.control = new Int32Array(shared, 0, 8);
    this.results = new Float64Array(shared, SHARED_LAYOUT.results, 2);
    this.parameters = new Float32Array(shared, SHARED_LAYOUT.parameters, length);
    this.gradients = new Float32Array(shared, SHARED_LAYOUT.parameters + 4 * length, length);
    this.scratch = memory.allocate(length);
    const channel = new MessageChannel();
    this.port = channel.port1;
    const setup: PartnerSetup = { architecture, skipInput, kernels, shared, port: channel.port2 };
    this.worker = new Worker(join(__dirname, "data-parallel-worker.js"), {
      workerData: setup,
      transferList: [channel.port2],
    });
    this.worker.unref();
    this.port.unref();
    this.publishMasks();
    this.publishParameters();
  }

  /** Send the current masks (applied by the worker before its next step). */
  publishMasks(): void {
    const message: PartnerMessage = {
      kind: "masks",
      mask: this.memory.f32(this.block.gradientMask, this.block.length).slice(),
    };
    this.port.postMessage(message);
  }

  /** Copy the current parameters to shared memory (the worker loads them at its next step). */
  publishParameters(): void {
    this.parameters.set(this.memory.f32(this.block.parameters, this.block.length));
  }

  /** Start the worker on its part of a batch; `divisor` is the whole batch's size. */
  start(batch: ModelInput, divisor: number): void {
    const message: PartnerMessage = { kind: "step", batch, divisor };
    this.port.postMessage(message);
    this.signal();
  }

  /** Wait for the worker's part, add its gradients to the block's, and return its loss share and correct count. */
  finish(): { loss: number; correct: number } {
    this.wait();
    this.memory.f32(this.scratch, this.block.length).set(this.gradients);
    this.memory.kernels.addInPlace(this.block.gradients, this.scratch, this.block.length);
    return { loss: this.results[0]!, correct: this.control[CONTROL.correct]! };
  }

  /** Stop the worker thread. */
  close(): void {
    const message: PartnerMessage = { kind: "stop" };
    this.port.postMessage(message);
    this.signal();
    this.port.close();
  }

  private signal(): void {
    this.request += 1;
    Atomics.store(this.control, CONTROL.request, this.request);
    Atomics.notify(this.control, CONTROL.request);
  }

  private wait(): void {
    const deadline = Date.now() + TIMEOUT_SECONDS * 1000;
    for (;;) {
      const done = Atomics.load(this.control, CONTROL.done);
      if (done === this.request) break;
      if (done < 0 || Atomics.load(this.control, CONTROL.error)) break;
      if (Date.now() > deadline) throw new Error(`the data-parallel worker did not answer within ${TIMEOUT_SECONDS} s`);
      Atomics.wait(this.control, CONTROL.done, done, 1000);
    }
    if (Atomics.load(this.control, CONTROL.error)) {
      const reply = receiveMessageOnPort(this.port)?.message as { error?: string } | undefined;
      throw new Error(`data-parallel worker: ${reply?.error ?? "failed"}`);
    }
  }
}

/** Split a batch into its first `first` strings and the rest (same length: the padded last step is shared). */
export function splitBatch(batch: ModelInput, first: number): [ModelInput, ModelInput] {
  const { size, length, tokens, labels } = batch;
  const part = (from: number, count: number): ModelInput => {
    const partTokens = new Int32Array(count * length);
    for (let t = 0; t < length; t++)
      partTokens.set(tokens.subarray(t * size + from, t * size + from + count), t * count);
    return { size: count, length, tokens: partTokens, labels: labels?.slice(from, from + count) };
  };
  return [part(0, first), part(first, size - first)];
}
