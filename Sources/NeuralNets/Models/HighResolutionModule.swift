internal import NumericCore
public import RandomStreams

/// One HRNet module: parallel branches of basic blocks, then multi-resolution fusion.
///
/// Branch `k` (width `c_k`) holds `blocks` `BasicBlock`s and keeps its input's resolution. Fusion then
/// forms every output branch `i` as `ReLU(Σ_j f_ij(x_j))`, summed in the order `j = 0, 1, …`, where
/// - `f_ii` is the identity;
/// - `f_ij` for a lower resolution `j > i` is a 1×1 unit `c_j → c_i` (conv without bias → BN, no ReLU)
///   followed by bilinear resizing (align_corners=True, HRNet-Seg's setting) to branch `i`'s size;
/// - `f_ij` for a higher resolution `j < i` is `i − j` 3×3 stride-2 units (padding 1): the first
///   `i − j − 1` keep `c_j` channels and apply ReLU, the last maps to `c_i` without ReLU.
///
/// Inputs: one `[N, c_k, H_k, W_k]` per branch with `H_{k+1} = ⌈H_k / 2⌉` (likewise `W`), which is what
/// a stride-2 3×3 convolution with padding 1 produces; outputs have the same shapes. Parameters in
/// order: branch 0…b−1, then the fusion units by output `i`, input `j`, step.
public final class HighResolutionModule: Layer {
    /// The blocks of each branch, highest resolution first.
    public let branches: [[BasicBlock]]
    /// `fusion[i][j]`: the units that carry branch `j` to branch `i` (empty for `i == j`).
    public let fusion: [[[ConvolutionBatchNorm]]]

    /// Creates the module for branches of `widths`, drawing branch weights first, then fusion weights.
    public init(
        name: String, widths: [Int], blocks: Int, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        precondition(
            !widths.isEmpty && blocks >= 1,
            "HighResolutionModule \(name): need branches and blocks, got widths \(widths), blocks \(blocks)")
        var branches = [[BasicBlock]]()
        for (k, width) in widths.enumerated() {
            branches.append(
                (0..<blocks).map { index in
                    BasicBlock(
                        name: "\(name).branch\(k).\(index)", inChannels: width, channels: width,
                        initialization: initialization, generator: &generator)
                })
        }
        self.branches = branches
        var fusion = [[[ConvolutionBatchNorm]]]()
        for i in widths.indices where widths.count > 1 {
            var row = [[ConvolutionBatchNorm]]()
            for j in widths.indices {
                let prefix = "\(name).fuse.\(i).\(j)"
                if j > i {
                    row.append([
                        ConvolutionBatchNorm(
                            name: prefix, inChannels: widths[j], outChannels: widths[i], kernelSize: 1,
                            relu: false, initialization: initialization, generator: &generator)
                    ])
                } else if j < i {
                    row.append(
                        (0..<(i - j)).map { step in
                            let last = step == i - j - 1
                            return ConvolutionBatchNorm(
                                name: "\(prefix).\(step)", inChannels: widths[j],
                                outChannels: last ? widths[i] : widths[j], kernelSize: 3, stride: 2,
                                padding: 1,
                                relu: !last, initialization: initialization, generator: &generator)
                        })
                } else {
                    row.append([])
                }
            }
            fusion.append(row)
        }
        self.fusion = fusion
    }

    public var parameters: [Parameter] {
        branches.flatMap { $0.flatMap(\.parameters) }
            + fusion.flatMap { $0.flatMap { $0.flatMap(\.parameters) } }
    }

    public var buffers: [Buffer] {
        branches.flatMap { $0.flatMap(\.buffers) } + fusion.flatMap { $0.flatMap { $0.flatMap(\.buffers) } }
    }

    /// Runs the branches and fuses them; `inputs` and the result hold one variable per branch.
    public func callAsFunction(_ inputs: [Variable], on tape: Tape) -> [Variable] {
        precondition(
            inputs.count == branches.count,
            "HighResolutionModule: \(inputs.count) inputs for \(branches.count) branches")
        let features = zip(branches, inputs).map { blocks, input in
            blocks.reduce(input) { x, block in block(x, on: tape) }
        }
        guard features.count > 1 else { return features }
        return fusion.enumerated().map { i, row in
            let (_, _, height, width) = features[i].value.nchw("HighResolutionModule branch \(i)")
            var sum: Variable?
            for (j, units) in row.enumerated() {
                var term = units.reduce(features[j]) { x, unit in unit(x, on: tape) }
                if j > i {
                    term = tape.upsampleBilinear(term, height: height, width: width, alignCorners: true)
                }
                sum = sum.map { tape.add($0, term) } ?? term
            }
            guard let sum else { preconditionFailure("HighResolutionModule: empty fusion row \(i)") }
            return tape.relu(sum)
        }
    }
}
