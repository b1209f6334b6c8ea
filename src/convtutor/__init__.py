"""convtutor: learn how kernel size, padding and stride shape a convolution's output."""

__version__ = "0.1.0"
