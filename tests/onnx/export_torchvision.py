"""Export torchvision model definitions to ONNX for the real-model check
(tests/sh/onnx_torchvision.sh, docs/onnx.md).

Run with Debian's /usr/bin/python3 and python3-torchvision:
    /usr/bin/python3 export_torchvision.py OUTDIR [NAME...]
No weights are needed or loaded (weights=None), and none are written
(export_params=False: the weights become graph inputs, with their shapes),
so the files are small.  NAME is one of alexnet vgg16 resnet50 mobilenet_v2
vit_b_16_layer (the first encoder layer of vit_b_16, on its 197 x 768
token input); default all.
"""
import os
import sys
import time
import warnings

import torch
import torchvision

OUT = sys.argv[1]
NAMES = sys.argv[2:] or ["alexnet", "vgg16", "resnet50", "mobilenet_v2", "vit_b_16_layer"]
warnings.filterwarnings("ignore")
torch.manual_seed(0)

for name in NAMES:
    start = time.time()
    if name == "vit_b_16_layer":
        model = torchvision.models.vit_b_16(weights=None).encoder.layers[0]
        example = torch.zeros(1, 197, 768)
    else:
        model = getattr(torchvision.models, name)(weights=None)
        example = torch.zeros(1, 3, 224, 224)
    model.eval()
    # gradients stay enabled: under no_grad, eval-mode attention takes
    # PyTorch's fused fast path, which has no ONNX export
    torch.onnx.export(model, example, os.path.join(OUT, name + ".onnx"), export_params=False,
                      opset_version=14, input_names=["input"], output_names=["output"])
    print("%s: exported in %.1f s" % (name, time.time() - start))
