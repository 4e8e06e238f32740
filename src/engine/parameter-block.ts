/**
 * A model's parameters in kernel memory as one contiguous float32 vector, with four companion vectors of the
 * same layout: gradients, Adam's first and second moments, and the gradient mask (the pruning mask of each
 * weight_ih/weight_hh, 1 for every other parameter). One layout means clipping, masking and Adam are each a
 * single SIMD pass over the whole model.
 */
import type { Architecture } from "../models/architecture";
import { floatTensor, maskTensor, type TensorMap } from "../models/named-tensors";
import { modelTensorSpecs, parameterSpecs, validateModelTensors } from "../models/model-tensors";
import type { KernelMemory } from "./wasm-kernels";
import { isRecurrentWeightName, maskNameOf } from "../models/parameter-names";

/** Where one parameter tensor lives: its byte address in the parameter vector and its size. */
export interface ParameterSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly size: number;
  /**
   * Byte address of the tensor in the parameter vector; add `ParameterBlock.gradients - .parameters` etc. for
   * companions.
   */
  readonly address: number;
  /** Name of the mask tensor that prunes this weight, if any. */
  readonly maskName?: string;
}

/** Parameters, gradients, moments and masks of one model in kernel memory. */
export class ParameterBlock {
  readonly slots: ReadonlyMap<string, ParameterSlot>;
  /** Floats in each companion vector (tensors are 16-float aligned; the gaps stay zero). */
  readonly length: number;
  readonly parameters: number;
  readonly gradients: number;
  readonly firstMoments: number;
  readonly secondMoments: number;
  readonly gradientMask: number;

  constructor(
    readonly architecture: Architecture,
    private readonly memory: KernelMemory,
  ) {
    const slots = new Map<string, ParameterSlot>();
    let offset = 0;
    const specs = parameterSpecs(architecture);
    const placed = specs.map((spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const at = offset;
      offset += Math.ceil(size / 16) * 16;
      return { spec, size, at };
    });
    this.length = offset;
    const region = memory.allocate(5 * offset);
    memory.zero(region, 5 * offset);
    this.parameters = region;
    this.gradients = region + 4 * offset;
    this.firstMoments = region + 8 * offset;
    this.secondMoments = region + 12 * offset;
    this.gradientMask = region + 16 * offset;
    memory.f32(this.gradientMask, offset).fill(1);
    for (const { spec, size, at } of placed) {
      const maskName = isRecurrentWeightName(spec.name) ? maskNameOf(spec.name) : undefined;
      slots.set(spec.name, { name: spec.name, shape: spec.shape, size, address: region + 4 * at, maskName });
    }
    this.slots = slots;
  }

  /** The slot of a parameter, or a clear error. */
  slot(name: string): ParameterSlot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`model has no parameter "${name}"`);
    return slot;
  }

  /** Byte offset from a parameter to its gradient. */
  get gradientDelta(): number {
    return this.gradients - this.parameters;
  }

  /** Byte offset from a parameter to its mask entry. */
  get maskDelta(): number {
    return this.gradientMask - this.parameters;
  }

  /**
   * Load parameters and masks (masks optional: absent means dense). Throws naming any tensor that does not fit or holds
   * NaN/Inf.
   */
  load(tensors: TensorMap, source = "tensors"): void {
    validateModelTensors(this.architecture, tensors, { masksOptional: true, source });
    for (const slot of this.slots.values()) {
      const tensor = tensors.get(slot.name)!;
      const values = this.memory.f32(slot.address, slot.size);
      values.set(tensor.data as Float32Array);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new Error(`${source}: tensor "${slot.name}" holds a non-finite value (${values[bad]}) at index ${bad}`);
      if (slot.maskName) {
        const mask = tensors.get(slot.maskName);
        const target = this.memory.f32(slot.address + this.maskDelta, slot.size);
        if (mask) for (let i = 0; i < slot.size; i++) target[i] = mask.data[i] ? 1 : 0;
        else target.fill(1);
      }
    }
  }

  /** Replace only the masks (e.g. after pruning), leaving parameters and optimizer state untouched. */
  loadMasks(tensors: TensorMap): void {
    for (const slot of this.slots.values()) {
      if (!slot.maskName) continue;
      const mask = tensors.get(slot.maskName);
      if (!mask) continue;
      if (mask.data.length !== slot.size)
        throw new Error(`mask "${slot.maskName}" has ${mask.data.length} entries, expected ${slot.size}`);
      const target = this.memory.f32(slot.address + this.maskDelta, slot.size);
      for (let i = 0; i < slot.size; i++) target[i] = mask.data[i] ? 1 : 0;
    }
  }

  /** Parameters and masks as a TensorMap in module order (copies). */
  export(): TensorMap {
    const out: TensorMap = new Map();
    for (const spec of modelTensorSpecs(this.architecture)) {
      if (spec.dtype === "float32") {
        const slot = this.slot(spec.name);
        out.set(spec.name, floatTensor(spec.shape, this.memory.f32(slot.address, slot.size).slice()));
      } else {
        const weight = [...this.slots.values()].find((s) => s.maskName === spec.name)!;
        const values = this.memory.f32(weight.address + this.maskDelta, weight.size);
        out.set(
          spec.name,
          maskTensor(
            spec.shape,
            Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)),
          ),
        );
      }
    }
    return out;
  }

  /** The current gradients as a TensorMap (copies), under the parameters' names. */
  exportGradients(): TensorMap {
    return this.exportCompanion(this.gradients);
  }

  /** A companion vector (gradients, a moment) as a TensorMap (copies) under `prefix` + each parameter's name. */
  exportCompanion(vector: number, prefix = ""): TensorMap {
    const out: TensorMap = new Map();
    for (const slot of this.slots.values()) {
      out.set(
        prefix + slot.name,
        floatTensor(slot.shape, this.memory.f32(slot.address - this.parameters + vector, slot.size).slice()),
      );
    }
    return out;
  }

  /**
   * Fill a companion vector from `prefix` + each parameter's name in `tensors`; throws naming a missing or misshapen
   * one.
   */
  importCompanion(vector: number, tensors: TensorMap, prefix: string, source: string): void {
    for (const slot of this.slots.values()) {
      const tensor = tensors.get(prefix + slot.name);
      if (!tensor || tensor.dtype !== "float32" || tensor.data.length !== slot.size) {
        throw new Error(`${source}: expected float32 tensor "${prefix}${slot.name}" of shape [${slot.shape}]`);
      }
      this.memory.f32(slot.address - this.parameters + vector, slot.size).set(tensor.data as Float32Array);
    }
  }

  /** Name of the parameter holding float index `index` of the vectors (for error messages). */
  nameAt(index: number): string {
    const address = this.parameters + 4 * index;
    for (const slot of this.slots.values())
      if (address >= slot.address && address < slot.address + 4 * slot.size) return slot.name;
    return "(alignment padding)";
  }
}
