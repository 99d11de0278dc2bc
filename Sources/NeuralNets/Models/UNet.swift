internal import NumericCore
public import RandomStreams

/// U-Net (Ronneberger et al. 2015) in the form of the official Meta-Structures code.
///
/// With base width `b` and depth `D` (4 in the paper's network):
/// - encoder: `inc = DoubleConvolution(Cin → b)`, then for level `l = 1…D`: 2×2 max-pool and
///   `DoubleConvolution(b·2^(l−1) → b·2^l)`;
/// - decoder: for level `l = D…1`: `TransposedConvolutionLayer(b·2^l → b·2^(l−1))` (2×2, stride 2), concatenation
///   `[upsampled, skip]` along channels (upsampled first), `DoubleConvolution(b·2^l → b·2^(l−1))`;
/// - head: 1×1 convolution `b → classes`, with bias.
///
/// The block convolutions carry a bias as in the official code; `convolutionBias: false` drops it (the
/// common PyTorch U-Net, whose base-16, depth-3 form is the 482,449-parameter speed reference of
/// `TrainingBenchmark`).
///
/// Input `[N, Cin, H, W]` with `H` and `W` divisible by `2^D` → logits `[N, classes, H, W]`. The network
/// returns logits; apply a sigmoid (binary) or softmax (multi-class) outside, or use a loss on logits.
/// Weights are drawn from `generator` in the order of `parameters` (inc, down 1…D, up D…1, head).
public final class UNet: UnaryLayer {
    /// The first block at full resolution.
    public let inc: DoubleConvolution
    /// The encoder blocks, level 1 (half resolution) to `depth`.
    public let down: [DoubleConvolution]
    /// The transposed convolutions, from the deepest level up.
    public let upsample: [TransposedConvolutionLayer]
    /// The decoder blocks, from the deepest level up.
    public let up: [DoubleConvolution]
    /// The 1×1 head.
    public let head: ConvolutionLayer
    /// The number of down-sampling steps.
    public let depth: Int

    /// Creates a U-Net; the official network is `inChannels: 1, classes: 1, baseWidth: 64, depth: 4`,
    /// msdb's default base width is 16.
    public init(
        inChannels: Int = 1, classes: Int = 1, baseWidth: Int = 16, depth: Int = 4,
        convolutionBias: Bool = true, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && classes >= 1 && baseWidth >= 1 && depth >= 1,
            "UNet: need positive settings, got inChannels=\(inChannels) classes=\(classes) "
                + "baseWidth=\(baseWidth) depth=\(depth)")
        self.depth = depth
        inc = DoubleConvolution(
            name: "inc", inChannels: inChannels, outChannels: baseWidth, convolutionBias: convolutionBias,
            initialization: initialization, generator: &generator)
        var down = [DoubleConvolution]()
        for level in 1...depth {
            down.append(
                DoubleConvolution(
                    name: "down\(level)", inChannels: baseWidth << (level - 1),
                    outChannels: baseWidth << level, convolutionBias: convolutionBias,
                    initialization: initialization, generator: &generator))
        }
        var upsample = [TransposedConvolutionLayer]()
        var up = [DoubleConvolution]()
        for level in stride(from: depth, through: 1, by: -1) {
            let wide = baseWidth << level
            let narrow = baseWidth << (level - 1)
            upsample.append(
                TransposedConvolutionLayer(
                    name: "up\(level).transpose", inChannels: wide, outChannels: narrow,
                    initialization: initialization, generator: &generator))
            up.append(
                DoubleConvolution(
                    name: "up\(level)", inChannels: wide, outChannels: narrow,
                    convolutionBias: convolutionBias, initialization: initialization, generator: &generator))
        }
        self.down = down
        self.upsample = upsample
        self.up = up
        head = ConvolutionLayer(
            name: "head", inChannels: baseWidth, outChannels: classes, kernelSize: 1,
            initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        var result = inc.parameters
        for block in down {
            result += block.parameters
        }
        for (transpose, block) in zip(upsample, up) {
            result += transpose.parameters + block.parameters
        }
        return result + head.parameters
    }

    /// The batch-norm statistics in the order of `parameters`' blocks (inc, down 1…D, up D…1).
    public var buffers: [Buffer] {
        var result = inc.buffers
        for block in down {
            result += block.buffers
        }
        for block in up {
            result += block.buffers
        }
        return result
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let (_, _, h, w) = input.value.nchw("UNet")
        let factor = 1 << depth
        precondition(
            h % factor == 0 && w % factor == 0,
            "UNet: input \(input.shape) needs height and width divisible by 2^depth = \(factor)")
        var skips = [inc(input, on: tape)]
        for block in down {
            skips.append(block(tape.maxPool2x2(skips[skips.count - 1]), on: tape))
        }
        var x = skips.removeLast()
        for (transpose, block) in zip(upsample, up) {
            let skip = skips.removeLast()
            x = block(tape.concatenateChannels([transpose(x, on: tape), skip]), on: tape)
        }
        return head(x, on: tape)
    }
}
