// A one-node ONNX model, C = MatMul(A, B) with symbolic shapes (A: M x K, B: K x N), fp32 or
// fp16, encoded by hand as protobuf (onnx.proto3 field numbers), so the benchmark needs no model
// file. Plain ES module: bench.mjs imports it in node, webgpu.mjs serves it to the page.
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const field = (no, wire) => varint((no << 3) | wire);
const int = (no, v) => [...field(no, 0), ...varint(v)];
const bytes = (no, b) => [...field(no, 2), ...varint(b.length), ...b];
const str = (no, s) => bytes(no, [...new TextEncoder().encode(s)]);
const msg = (no, parts) => bytes(no, parts.flat());

// TensorProto.DataType: FLOAT = 1, FLOAT16 = 10.
export const ONNX_FLOAT = 1, ONNX_FLOAT16 = 10;

function valueInfo(no, name, dims, elemType) {
  const dim = dims.map((d) => msg(1, [str(2, d)])); // Dimension.dim_param
  const tensor = [int(1, elemType), msg(2, dim)]; // TypeProto.Tensor elem_type, shape
  return msg(no, [str(1, name), msg(2, [msg(1, tensor)])]);
}

export function matmulModel(elemType = ONNX_FLOAT) {
  const node = msg(1, [str(1, 'A'), str(1, 'B'), str(2, 'C'), str(3, 'matmul'), str(4, 'MatMul')]);
  const graph = msg(7, [node, str(2, 'sgemm'), valueInfo(11, 'A', ['M', 'K'], elemType),
    valueInfo(11, 'B', ['K', 'N'], elemType), valueInfo(12, 'C', ['M', 'N'], elemType)]);
  const opset = msg(8, [str(1, ''), int(2, 13)]);
  return new Uint8Array([...int(1, 8 /* ir_version */), ...str(2, 'costlab-bench'), ...graph, ...opset]);
}
