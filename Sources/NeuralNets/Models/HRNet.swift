internal import NumericCore
public import RandomStreams

/// HRNet for segmentation (HRNetV2, Wang et al. 2019), in the layout of HRNetV2-W18-small.
///
/// With the sizes of `HRNetConfiguration`:
/// - stem: two 3×3 stride-2 units (conv without bias → BN → ReLU, padding 1), `Cin → s → s`: the
///   official stem, kept as is — it brings the branches to ¼ resolution, which is what makes the
///   network cheap on the CPU, so the CPU sizing is done by the widths instead;
/// - stage 1: `stage1Blocks` `Bottleneck`s with `p` planes (output `4p` channels);
/// - transitions: before stages 2, 3, 4 a new branch is made from the lowest-resolution branch by a
///   3×3 stride-2 unit (→ `c_k`, ReLU); an existing branch passes through unchanged, except after stage 1,
///   where a 3×3 unit maps `4p → c_0`;
/// - stages 2, 3, 4: `modules[s]` `HighResolutionModule`s with 2, 3, 4 branches and `blocks[s]` basic
///   blocks per branch, each module ending in multi-resolution fusion;
/// - head: branches 1–3 resized to branch 0 (bilinear, align_corners=True), concatenated
///   (`Σ c_k` channels), a 1×1 unit (`Σ c_k → Σ c_k`, ReLU), a 1×1 convolution with bias (→ classes),
///   and the logits resized to the input size (bilinear, align_corners=True).
///
/// Input `[N, Cin, H, W]`, any `H, W ≥ 1` → logits `[N, classes, H, W]`. Branch `k` has resolution
/// `H_k × W_k` with `H_0 = ⌈⌈H / 2⌉ / 2⌉` and `H_{k+1} = ⌈H_k / 2⌉` (likewise `W`). Training needs
/// `N · H_3 · W_3 ≥ 2` for the batch norms of the lowest branch; a batch of 2 always satisfies it.
/// Weights are drawn from `generator` in the order of `parameters`: stem, stage 1, then per stage its
/// transition and modules, then the head.
public final class HRNet: UnaryLayer {
    /// The sizes this network was built with.
    public let configuration: HRNetConfiguration
    /// The two stride-2 stem units.
    public let stem: [ConvolutionBatchNorm]
    /// Stage 1's bottlenecks.
    public let stage1: [Bottleneck]
    /// Before stages 2, 3, 4: per output branch the unit that makes it, or `nil` for a branch that
    /// passes through. A new (last) branch is made from the previous stage's last branch.
    public let transitions: [[ConvolutionBatchNorm?]]
    /// Stages 2, 3, 4.
    public let stages: [[HighResolutionModule]]
    /// The 1×1 unit on the concatenated branches.
    public let headUnit: ConvolutionBatchNorm
    /// The 1×1 classifier.
    public let classifier: ConvolutionLayer

    /// Creates the network.
    public init(
        configuration: HRNetConfiguration = HRNetConfiguration(), initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        self.configuration = configuration
        let c = configuration.widths
        let s = configuration.stemChannels
        stem = [
            ConvolutionBatchNorm(
                name: "stem.conv1", inChannels: configuration.inChannels, outChannels: s, kernelSize: 3,
                stride: 2, padding: 1, initialization: initialization, generator: &generator),
            ConvolutionBatchNorm(
                name: "stem.conv2", inChannels: s, outChannels: s, kernelSize: 3, stride: 2, padding: 1,
                initialization: initialization, generator: &generator),
        ]
        let planes = configuration.stage1Planes
        stage1 = (0..<configuration.stage1Blocks).map { index in
            Bottleneck(
                name: "stage1.\(index)", inChannels: index == 0 ? s : planes * Bottleneck.expansion,
                planes: planes, initialization: initialization, generator: &generator)
        }
        var transitions = [[ConvolutionBatchNorm?]]()
        var stages = [[HighResolutionModule]]()
        var previous = [planes * Bottleneck.expansion]
        for stage in 0..<3 {
            let branchCount = stage + 2
            let widths = Array(c.prefix(branchCount))
            var transition = [ConvolutionBatchNorm?]()
            for branch in 0..<branchCount {
                let name = "transition\(stage + 1).\(branch)"
                if branch < previous.count {
                    transition.append(
                        previous[branch] == widths[branch]
                            ? nil
                            : ConvolutionBatchNorm(
                                name: name, inChannels: previous[branch], outChannels: widths[branch],
                                kernelSize: 3, padding: 1, initialization: initialization,
                                generator: &generator))
                } else {
                    transition.append(
                        ConvolutionBatchNorm(
                            name: name, inChannels: previous[previous.count - 1], outChannels: widths[branch],
                            kernelSize: 3, stride: 2, padding: 1, initialization: initialization,
                            generator: &generator))
                }
            }
            transitions.append(transition)
            stages.append(
                (0..<configuration.modules[stage]).map { index in
                    HighResolutionModule(
                        name: "stage\(stage + 2).\(index)", widths: widths,
                        blocks: configuration.blocks[stage],
                        initialization: initialization, generator: &generator)
                })
            previous = widths
        }
        self.transitions = transitions
        self.stages = stages
        let concatenated = c.reduce(0, +)
        headUnit = ConvolutionBatchNorm(
            name: "head.conv", inChannels: concatenated, outChannels: concatenated, kernelSize: 1,
            initialization: initialization, generator: &generator)
        classifier = ConvolutionLayer(
            name: "head.classifier", inChannels: concatenated, outChannels: configuration.classes,
            kernelSize: 1,
            initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        var result = stem.flatMap(\.parameters) + stage1.flatMap(\.parameters)
        for (transition, modules) in zip(transitions, stages) {
            result += transition.flatMap { $0?.parameters ?? [] } + modules.flatMap(\.parameters)
        }
        return result + headUnit.parameters + classifier.parameters
    }

    public var buffers: [Buffer] {
        var result = stem.flatMap(\.buffers) + stage1.flatMap(\.buffers)
        for (transition, modules) in zip(transitions, stages) {
            result += transition.flatMap { $0?.buffers ?? [] } + modules.flatMap(\.buffers)
        }
        return result + headUnit.buffers
    }

    /// The four branch outputs of stage 4, highest resolution first: `[N, c_k, H_k, W_k]`.
    public func branches(_ input: Variable, on tape: Tape) -> [Variable] {
        var x = stem.reduce(input) { x, unit in unit(x, on: tape) }
        x = stage1.reduce(x) { x, block in block(x, on: tape) }
        var features = [x]
        for (transition, modules) in zip(transitions, stages) {
            features = transition.enumerated().map { branch, unit in
                let source = features[min(branch, features.count - 1)]
                return unit.map { $0(source, on: tape) } ?? source
            }
            for module in modules {
                features = module(features, on: tape)
            }
        }
        return features
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let (_, _, h, w) = input.value.nchw("HRNet")
        let features = branches(input, on: tape)
        let (_, _, height, width) = features[0].value.nchw("HRNet branch 0")
        let resized = features.enumerated().map { k, feature in
            k == 0
                ? feature : tape.upsampleBilinear(feature, height: height, width: width, alignCorners: true)
        }
        let logits = classifier(headUnit(tape.concatenateChannels(resized), on: tape), on: tape)
        return tape.upsampleBilinear(logits, height: h, width: w, alignCorners: true)
    }
}
