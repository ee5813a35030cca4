"""vitsparse's PyTorch training engine (the kit's only Python): see lib/train/README.md."""
