import { DataType, encodeModel, floatTensor, int64Tensor, type OnnxNode, type OnnxTensor } from '../../native/onnx/proto/onnx-model';

/**
 * A tiny stand-in for Kokoro-82M with the same inputs and outputs (input_ids int64 [1, n], style
 * float [1, 256], speed float [1] → waveform float [1, samples], durations int64 [n]), because the
 * real model is not on any registry this machine reaches. Each token lasts 1–4 frames (its id mod 4,
 * plus one, divided by speed, at least one) of 600 samples; phoneme tokens (id > 16) are a 220 Hz
 * tone, spaces and punctuation are silence — so a word is exactly a stretch of sound.
 */
export const FRAME_SAMPLES = 600;

export function tinyKokoroModel(opts: { durations?: boolean; idsName?: string; audioName?: string } = {}): Uint8Array {
  const ids = opts.idsName ?? 'input_ids';
  const audio = opts.audioName ?? 'waveform';
  const scalar = (name: string, v: number): OnnxTensor => ({ ...floatTensor(name, [], Float32Array.of(v)) });
  const scalarInt = (name: string, v: number): OnnxTensor => ({ ...int64Tensor(name, [v]), dims: [] });
  const n = (op: string, inputs: string[], outputs: string[], attributes?: OnnxNode['attributes']): OnnxNode => ({ op, name: outputs[0]!, inputs, outputs, attributes });
  const nodes: OnnxNode[] = [
    n('Reshape', [ids, 'flat_shape'], ['flat']),
    n('Mod', ['flat', 'four'], ['m']),
    n('Add', ['m', 'one'], ['base']),
    n('Cast', ['base'], ['base_f'], { to: DataType.FLOAT }),
    n('Div', ['base_f', 'speed'], ['scaled']),
    n('Round', ['scaled'], ['rounded']),
    n('Max', ['rounded', 'one_f'], ['frames']),
    n('Cast', ['frames'], ['durations'], { to: DataType.INT64 }),
    n('Mul', ['frames', 'frame_samples'], ['token_samples']),
    n('CumSum', ['token_samples', 'axis0'], ['ends']),
    n('ReduceSum', ['token_samples'], ['total'], { keepdims: 0 }),
    n('Range', ['zero_f', 'total', 'one_f_scalar'], ['t']),
    n('Unsqueeze', ['t', 'axes1'], ['t_col']),
    n('Unsqueeze', ['ends', 'axes0'], ['ends_row']),
    n('GreaterOrEqual', ['t_col', 'ends_row'], ['past']),
    n('Cast', ['past'], ['past_f'], { to: DataType.FLOAT }),
    n('ReduceSum', ['past_f', 'axes1'], ['k_f'], { keepdims: 0 }),
    n('Cast', ['k_f'], ['k'], { to: DataType.INT64 }),
    n('Greater', ['flat', 'sixteen'], ['is_phoneme']),
    n('Cast', ['is_phoneme'], ['loud'], { to: DataType.FLOAT }),
    n('Mul', ['loud', 'amplitude'], ['amp']),
    n('Gather', ['amp', 'k'], ['amp_t']),
    n('Mul', ['t', 'omega'], ['phase']),
    n('Sin', ['phase'], ['tone']),
    n('Mul', ['tone', 'amp_t'], ['wave_raw']),
    // the style vector is consumed (as a real model does) without changing the test tone
    n('ReduceSum', ['style'], ['style_sum'], { keepdims: 0 }),
    n('Mul', ['style_sum', 'zero_f'], ['style_zero']),
    n('Add', ['wave_raw', 'style_zero'], ['wave']),
    n('Unsqueeze', ['wave', 'axes0'], [audio]),
  ];
  return encodeModel({
    producer: 'reelforge-test',
    graphName: 'tiny-kokoro',
    opset: 13,
    nodes,
    initializers: [
      int64Tensor('flat_shape', [-1]),
      int64Tensor('four', [4]),
      int64Tensor('one', [1]),
      int64Tensor('sixteen', [16]),
      floatTensor('one_f', [1], Float32Array.of(1)),
      scalar('one_f_scalar', 1),
      scalar('zero_f', 0),
      floatTensor('frame_samples', [1], Float32Array.of(FRAME_SAMPLES)),
      scalarInt('axis0', 0),
      int64Tensor('axes0', [0]),
      int64Tensor('axes1', [1]),
      floatTensor('amplitude', [1], Float32Array.of(0.3)),
      floatTensor('omega', [1], Float32Array.of((2 * Math.PI * 220) / 24000)),
    ],
    inputs: [
      { name: ids, elemType: DataType.INT64, shape: [1, 'n'] },
      { name: 'style', elemType: DataType.FLOAT, shape: [1, 256] },
      { name: 'speed', elemType: DataType.FLOAT, shape: [1] },
    ],
    outputs: [
      { name: audio, elemType: DataType.FLOAT, shape: [1, 'samples'] },
      ...(opts.durations === false ? [] : [{ name: 'durations', elemType: DataType.INT64, shape: ['n'] }]),
    ],
  });
}

/**
 * A stand-in with the published Kokoro-82M v1.0 ONNX export's signature — input_ids int64 [1, n],
 * style float [1, 256], speed float [1] → waveform float — whose "waveform" is what it was fed:
 * the ids (as floats), then the 256 style values, then the speed. ONNX Runtime checks every feed's
 * name, type and fixed dimensions against that signature, so two runners that get the same
 * waveform back handed the model the same thing.
 */
export function feedEchoModel(): Uint8Array {
  const n = (op: string, inputs: string[], outputs: string[], attributes?: OnnxNode['attributes']): OnnxNode => ({ op, name: outputs[0]!, inputs, outputs, attributes });
  return encodeModel({
    producer: 'reelforge-test',
    graphName: 'kokoro-feed-echo',
    opset: 13,
    nodes: [
      n('Reshape', ['input_ids', 'flat_shape'], ['ids_flat']),
      n('Cast', ['ids_flat'], ['ids_f'], { to: DataType.FLOAT }),
      n('Reshape', ['style', 'flat_shape'], ['style_flat']),
      n('Reshape', ['speed', 'flat_shape'], ['speed_flat']),
      n('Concat', ['ids_f', 'style_flat', 'speed_flat'], ['echo'], { axis: 0 }),
      n('Unsqueeze', ['echo', 'axes0'], ['waveform']),
    ],
    initializers: [int64Tensor('flat_shape', [-1]), int64Tensor('axes0', [0])],
    inputs: [
      { name: 'input_ids', elemType: DataType.INT64, shape: [1, 'sequence_length'] },
      { name: 'style', elemType: DataType.FLOAT, shape: [1, 256] },
      { name: 'speed', elemType: DataType.FLOAT, shape: [1] },
    ],
    outputs: [{ name: 'waveform', elemType: DataType.FLOAT, shape: [1, 'num_samples'] }],
  });
}
