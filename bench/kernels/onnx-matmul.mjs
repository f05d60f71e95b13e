// A one-node ONNX model, C = MatMul(A, B) with symbolic shapes (A: M x K, B: K x N), encoded
// by hand as protobuf (onnx.proto3 field numbers), so the benchmark needs no model file.
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

function valueInfo(no, name, dims) {
  const dim = dims.map((d) => msg(1, [str(2, d)])); // Dimension.dim_param
  const tensor = [int(1, 1 /* FLOAT */), msg(2, dim)]; // TypeProto.Tensor elem_type, shape
  return msg(no, [str(1, name), msg(2, [msg(1, tensor)])]);
}

export function matmulModel() {
  const node = msg(1, [str(1, 'A'), str(1, 'B'), str(2, 'C'), str(3, 'matmul'), str(4, 'MatMul')]);
  const graph = msg(7, [node, str(2, 'sgemm'), valueInfo(11, 'A', ['M', 'K']),
    valueInfo(11, 'B', ['K', 'N']), valueInfo(12, 'C', ['M', 'N'])]);
  const opset = msg(8, [str(1, ''), int(2, 13)]);
  return new Uint8Array([...int(1, 8 /* ir_version */), ...str(2, 'costlab-bench'), ...graph, ...opset]);
}
