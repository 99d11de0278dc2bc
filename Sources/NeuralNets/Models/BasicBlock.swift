internal import NumericCore
public import RandomStreams

/// The ResNet basic block (He et al. 2016) that HRNet's parallel branches are made of.
///
/// `3×3 conv (Cin → c) → BN → ReLU → 3×3 conv (c → c) → BN`, plus the shortcut (the input, or
/// `1×1 conv (Cin → c) → BN` when the width changes), then ReLU. Convolutions have no bias, padding 1,
/// stride 1. Input `[N, Cin, H, W]` → output `[N, c, H, W]`. Parameters in order: first unit, second
/// unit, shortcut (if any), each as conv weight, BN weight, BN bias.
public final class BasicBlock: UnaryLayer {
    /// `Cin → c`, 3×3, with ReLU.
    public let first: ConvolutionBatchNorm
    /// `c → c`, 3×3, no ReLU before the addition.
    public let second: ConvolutionBatchNorm
    /// The projection shortcut, when the width changes.
    public let shortcut: ConvolutionBatchNorm?

    /// Creates the block, drawing weights in the order first, second, shortcut.
    public init(
        name: String, inChannels: Int, channels: Int, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        first = ConvolutionBatchNorm(
            name: name + ".conv1", inChannels: inChannels, outChannels: channels, kernelSize: 3, padding: 1,
            initialization: initialization, generator: &generator)
        second = ConvolutionBatchNorm(
            name: name + ".conv2", inChannels: channels, outChannels: channels, kernelSize: 3, padding: 1,
            relu: false, initialization: initialization, generator: &generator)
        shortcut =
            inChannels == channels
            ? nil
            : ConvolutionBatchNorm(
                name: name + ".shortcut", inChannels: inChannels, outChannels: channels, kernelSize: 1,
                relu: false, initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        first.parameters + second.parameters + (shortcut?.parameters ?? [])
    }

    public var buffers: [Buffer] {
        first.buffers + second.buffers + (shortcut?.buffers ?? [])
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let residual = second(first(input, on: tape), on: tape)
        let identity = shortcut.map { $0(input, on: tape) } ?? input
        return tape.relu(tape.add(residual, identity))
    }
}
