"""Make the small ONNX models of the import tests (tests/sh/onnx_import.sh).

Run with Debian's /usr/bin/python3 and python3-onnx:
    /usr/bin/python3 make_models.py OUTDIR
Writes OUTDIR/NAME.onnx for every case, and OUTDIR/NAME.macs holding the MAC
total of the good models, counted here from the layers' own parameters
(K*C*R*S*Y'*X' per convolution, C*R*S*Y'*X' depthwise, G*K*C*R*S*Y'*X'
grouped, K*C*R*S*H*W transposed, M*N*K per matrix product), independently
of mdfc.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
F = TensorProto.FLOAT


def w(name, *shape):
    """A float initializer of zeros (the importer reads shapes, not weights)."""
    return numpy_helper.from_array(np.zeros(shape, dtype=np.float32), name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def model(name, nodes, inputs, outputs, inits=(), opset=13, value_info=()):
    g = helper.make_graph(nodes, name, inputs, outputs, list(inits), value_info=list(value_info))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="mdfc-tests")
    m.ir_version = 7
    return m


def save(name, m, macs=None):
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())
    if macs is not None:
        with open(os.path.join(OUT, name + ".macs"), "w") as f:
            f.write("%d\n" % macs)


def out_size(h, k, s, pads):
    return (h + pads - k) // s + 1


def convs():
    """Every convolution kind, pooling, normalization, and an FC head."""
    x = helper.make_tensor_value_info("image", F, [1, 3, 32, 32])
    y = helper.make_tensor_value_info("probs", F, [1, 10])
    nodes = [
        # CONV 3 -> 16, 3x3, padding 1: 32x32
        helper.make_node("Conv", ["image", "w1", "b1"], ["c1"], name="stem/conv", pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "g1", "b1", "m1", "v1"], ["n1"], name="stem/bn"),
        helper.make_node("Relu", ["n1"], ["r1"], name="stem/relu"),
        # DSCONV 16 channels, 3x3, stride 2, padding 1: 32 -> 16
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="block.dw", group=16, strides=[2, 2],
                         pads=[1, 1, 1, 1]),
        # NGCONV 4 groups, 16 -> 32, 3x3, padding 1: 16x16
        helper.make_node("Conv", ["c2", "w3"], ["c3"], name="block.grouped", group=4, pads=[1, 1, 1, 1]),
        # CONV 32 -> 32, 1x1 with SAME_UPPER (no padding needed): 16x16
        helper.make_node("Conv", ["c3", "w4"], ["c4"], name="1x1", auto_pad="SAME_UPPER"),
        helper.make_node("MaxPool", ["c4"], ["p4"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        # TRCONV 32 -> 8, 4x4, stride 2 over 8x8 (output 16x16 with padding 1)
        helper.make_node("ConvTranspose", ["p4", "w5"], ["c5"], name="up", strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["c5"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"),
        # FC 8 -> 10 (Gemm with transB)
        helper.make_node("Gemm", ["flat", "w6", "b6"], ["logits"], name="head", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=1),
    ]
    inits = [w("w1", 16, 3, 3, 3), w("b1", 16), w("g1", 16), w("m1", 16), w("v1", 16),
             w("w2", 16, 1, 3, 3), w("w3", 32, 4, 3, 3), w("w4", 32, 32, 1, 1), w("w5", 32, 8, 4, 4),
             w("w6", 10, 8), w("b6", 10)]
    macs = (16 * 3 * 3 * 3 * 32 * 32            # stem CONV
            + 16 * 3 * 3 * 16 * 16              # depthwise
            + 4 * 8 * 4 * 3 * 3 * 16 * 16       # grouped: G*K*C*R*S*Y'*X'
            + 32 * 32 * 16 * 16                 # 1x1
            # transposed, as the language's TRCONV computes it (docs/ir.md 2.0):
            # a stride-1 convolution over the input dilated to (8-1)*2+1 = 15,
            # no padding, 15-4+1 = 12 outputs a side, zero products included
            + 8 * 32 * 4 * 4 * 12 * 12
            + 10 * 8)                           # FC
    save("convs", model("convs", nodes, [x], [y], inits), macs)


def attention(name="attention", batch_dim=1, dynamic=False):
    """Multi-head self-attention as exporters write it: 6 tokens, hidden 16,
    2 heads of 8, the head split through Shape/Gather/Concat arithmetic."""
    T, H, NH, D = 6, 16, 2, 8
    dims = ["batch", T, H] if dynamic else [batch_dim, T, H]
    x = helper.make_tensor_value_info("tokens", F, dims)
    y = helper.make_tensor_value_info("out", F, None)
    nodes = []
    for p in "qkv":
        nodes.append(helper.make_node("MatMul", ["tokens", "w" + p], [p], name="attn/" + p + "_proj"))
    # the head shape [batch, T, NH, D] computed from the input's shape
    nodes += [
        helper.make_node("Shape", ["tokens"], ["shp"], name="attn/shape"),
        helper.make_node("Gather", ["shp", "i0"], ["b0"], name="attn/batch", axis=0),
        helper.make_node("Unsqueeze", ["b0", "ax0"], ["b1"], name="attn/unsq"),
        helper.make_node("Concat", ["b1", "rest"], ["hshape"], name="attn/hshape", axis=0),
    ]
    for p, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
        nodes.append(helper.make_node("Reshape", [p, "hshape"], [p + "h"], name="attn/" + p + "_heads"))
        nodes.append(helper.make_node("Transpose", [p + "h"], [p + "t"], name="attn/" + p + "_t", perm=perm))
    nodes += [
        # scores: G = batch * heads products of (T x D) * (D x T)
        helper.make_node("MatMul", ["qt", "kt"], ["s"], name="attn/scores"),
        helper.make_node("Div", ["s", "scale"], ["ss"], name="attn/scale"),
        helper.make_node("Softmax", ["ss"], ["a"], name="attn/softmax", axis=-1),
        # context: (T x T) * (T x D) per head
        helper.make_node("MatMul", ["a", "vt"], ["c"], name="attn/context"),
        helper.make_node("Transpose", ["c"], ["ct"], name="attn/merge_t", perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["ct", "flat_shape"], ["c2"], name="attn/merge"),
        # output projection as Gemm over the tokens
        helper.make_node("Gemm", ["c2", "wo", "bo"], ["o"], name="attn/out_proj"),
        helper.make_node("Reshape", ["o", "tok_shape"], ["o3"], name="attn/unflatten"),
        helper.make_node("Add", ["o3", "tokens"], ["res"], name="attn/residual"),
        helper.make_node("ReduceMean", ["res"], ["mean"], name="ln/mean", axes=[-1]),
        helper.make_node("Sub", ["res", "mean"], ["cen"], name="ln/sub"),
        # the first token's vector times a matrix: an FC layer
        helper.make_node("Slice", ["cen", "s0", "s1", "s_ax"], ["first"], name="cls/slice"),
        helper.make_node("Squeeze", ["first", "ax1"], ["cls"], name="cls/squeeze"),
        helper.make_node("MatMul", ["cls", "wc"], ["out"], name="cls/head"),
    ]
    B = batch_dim
    inits = [w("wq", H, H), w("wk", H, H), w("wv", H, H), ints("i0", [0]), ints("ax0", [0]),
             ints("rest", [T, NH, D]), numpy_helper.from_array(np.array(8.0 ** 0.5, dtype=np.float32), "scale"),
             ints("flat_shape", [-1, H]), w("wo", H, H), w("bo", H), ints("tok_shape", [B, T, H]),
             ints("s0", [0]), ints("s1", [1]), ints("s_ax", [1]), ints("ax1", [1]), w("wc", H, 4)]
    # i0 is a 1-element index here, so the Gather keeps a dimension: make it a scalar
    inits[3] = numpy_helper.from_array(np.array(0, dtype=np.int64), "i0")
    macs = (3 * B * T * H * H                   # q, k, v projections: M = B*T rows
            + 2 * B * NH * T * T * D            # scores and context: G = B*NH
            + B * T * H * H                     # output projection
            + B * H * 4)                        # the head: B rows of H times an H x 4 matrix
    save(name, model(name, nodes, [x], [y], inits, opset=13), macs)


def names():
    """Layer names: sanitized, made unique, never a keyword; a node without
    a name is named after its operator and position."""
    x = helper.make_tensor_value_info("x", F, [1, 4, 6, 6])
    y = helper.make_tensor_value_info("y4", F, None)
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["y1"], name="a.b"),
        helper.make_node("Conv", ["y1", "w"], ["y2"], name="a/b"),
        helper.make_node("Conv", ["y2", "w"], ["y3"], name="Layer"),
        helper.make_node("Conv", ["y3", "w"], ["y4"]),
    ]
    # 1x1 convolutions 4 -> 4 on 6x6: 4*4*36 MACs each
    save("names", model("names", nodes, [x], [y], [w("w", 4, 4, 1, 1)]), 4 * 4 * 1 * 1 * 6 * 6 * 4)


def bad_models():
    base = model("tiny", [helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
                 [helper.make_tensor_value_info("x", F, [1, 2, 4, 4])],
                 [helper.make_tensor_value_info("y", F, None)], [w("w", 3, 2, 3, 3)])
    raw = base.SerializeToString()
    save("tiny", base, 3 * 2 * 3 * 3 * 2 * 2)
    with open(os.path.join(OUT, "truncated.onnx"), "wb") as f:
        f.write(raw[: len(raw) * 2 // 3])
    with open(os.path.join(OUT, "corrupt.onnx"), "wb") as f:
        f.write(raw + b"\x0f")         # a field tag with wire type 7, which protobuf does not have
    with open(os.path.join(OUT, "png.onnx"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with open(os.path.join(OUT, "text.onnx"), "wb") as f:
        f.write(b"Network n { Layer l { Type: CONV; } }\n")
    with open(os.path.join(OUT, "empty.onnx"), "wb") as f:
        pass
    old = model("old_opset", base.graph.node, base.graph.input, base.graph.output, base.graph.initializer, opset=5)
    save("old_opset", old)
    new = model("new_opset", base.graph.node, base.graph.input, base.graph.output, base.graph.initializer, opset=99)
    save("new_opset", new)
    huge = model("huge", [helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [helper.make_tensor_value_info("x", F, [1 << 30, 1 << 30, 1 << 30])],
                 [helper.make_tensor_value_info("y", F, None)])
    save("huge", huge)
    mismatch = model("mismatch", [helper.make_node("Conv", ["x", "w"], ["y"], name="conv_bad")],
                     [helper.make_tensor_value_info("x", F, [1, 5, 4, 4])],
                     [helper.make_tensor_value_info("y", F, None)], [w("w", 3, 2, 3, 3)])
    save("mismatch", mismatch)
    undefined = model("undefined", [helper.make_node("Relu", ["nowhere"], ["y"], name="relu_bad")],
                      [helper.make_tensor_value_info("x", F, [1, 2])],
                      [helper.make_tensor_value_info("y", F, None)])
    save("undefined", undefined)
    # an operator with MACs the importer has no layer for, an unknown one,
    # and no layer at all
    unsupported = model("unsupported", [
        helper.make_node("Einsum", ["x", "x"], ["e"], name="einsum", equation="ij,jk->ik"),
        helper.make_node("FancyOp", ["x"], ["f"], name="fancy", domain="com.example"),
        helper.make_node("Relu", ["x"], ["y"], name="relu"),
    ], [helper.make_tensor_value_info("x", F, [4, 4])], [helper.make_tensor_value_info("y", F, None)])
    unsupported.opset_import.append(helper.make_opsetid("com.example", 1))
    save("unsupported", unsupported)


convs()
names()
attention()
attention("attention_batch3", batch_dim=3)
attention("attention_dynamic", batch_dim=1, dynamic=True)
bad_models()
