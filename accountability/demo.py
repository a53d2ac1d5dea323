def load(ctx, out):
    pass
