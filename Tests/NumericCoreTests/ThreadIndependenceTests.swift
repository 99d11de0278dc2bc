import NumericCore
import RandomStreams
import Testing

/// Results must not depend on the thread count: the splits that change the arithmetic (a GEMM's
/// column blocks, a batch's image pieces) follow the shapes alone (`ParallelLoop`). Each check runs
/// in a child process, because the thread count is process-wide and tests run concurrently, and
/// compares the bits at 1, 2, 4 and 8 threads.
@Suite struct ThreadIndependenceTests {
    /// Computes `compute` at 1, 2, 4 and 8 threads and stops the (child) process unless the bits agree.
    static func same(_ name: String, _ compute: () -> [Float]) {
        var results: [[Float]] = []
        for threads in [1, 2, 4, 8] {
            BLAS.threadCount = threads
            results.append(compute())
        }
        precondition(
            results.allSatisfy { $0.elementsEqual(results[0]) { $0.bitPattern == $1.bitPattern } },
            "\(name) differs across thread counts")
    }

    /// Shapes large enough that one image's GEMMs split their columns (`m·n·k ≥ 2²¹`, 16 blocks of
    /// `GEMM.columnBlock` at 64×64), and batches of 1 (column split), 3 (fewer pieces than threads),
    /// 8 (one image per piece) and 11 (8 uneven pieces); the Winograd forward pass as well.
    @Test func convolutionsGiveTheSameBitsAtOneTwoFourAndEightThreads() async {
        await #expect(processExitsWith: .success) {
            var generator = RandomStream(seed: 11, stream: "threads")
            let same = ThreadIndependenceTests.same
            let convolution = Convolution2D(stride: 1, padding: 1)
            for (batch, channels, side) in [
                (1, 16, 64), (3, 8, 48), (8, 8, 32), (11, 4, 16), (1, 64, 32), (4, 32, 24), (1, 4, 128),
            ] {
                let x = Tensor.normal(shape: [batch, channels, side, side], using: &generator)
                let w = Tensor.normal(
                    shape: [channels, channels, 3, 3], standardDeviation: 0.1, using: &generator)
                let dy = Tensor.normal(shape: [batch, channels, side, side], using: &generator)
                same("forward, batch \(batch)") { convolution.forward(x, weight: w).scalars }
                let gradients = { convolution.backward(gradOutput: dy, input: x, weight: w) }
                same("weight gradient, batch \(batch)") { gradients().weight.scalars }
                same("input gradient, batch \(batch)") { gradients().input?.scalars ?? [] }
                same("bias gradient, batch \(batch)") { gradients().bias.scalars }
                let up = Tensor.normal(
                    shape: [channels, channels, 2, 2], standardDeviation: 0.1, using: &generator)
                let dUp = Tensor.normal(shape: [batch, channels, 2 * side, 2 * side], using: &generator)
                let upBias = Tensor.normal(shape: [channels], using: &generator)
                same("transposed forward, batch \(batch)") {
                    TransposedConvolution2x2.forward(x, weight: up, bias: upBias).scalars
                }
                if Winograd3x3.applies(to: convolution, weightShape: w.shape, inputShape: x.shape) {
                    let transformed = Winograd3x3.transformedWeight(w)
                    same("Winograd forward, batch \(batch)") {
                        Winograd3x3.forward(
                            x, transformedWeight: transformed, outChannels: channels, bias: nil,
                            appliesReLU: false
                        ).scalars
                    }
                }
                same("transposed weight gradient, batch \(batch)") {
                    TransposedConvolution2x2.backward(gradOutput: dUp, input: x, weight: up).weight.scalars
                }
            }
        }
    }

    /// The passes split into parts that follow the thread count (batch norm, pooling, element-wise,
    /// per-channel sums) compute each item alike in any part, so they too give the same bits.
    @Test func normalisationPoolingAndElementWisePassesGiveTheSameBitsAtAnyThreadCount() async {
        await #expect(processExitsWith: .success) {
            var generator = RandomStream(seed: 12, stream: "threads")
            let same = ThreadIndependenceTests.same
            for (batch, channels, side) in [(8, 16, 64), (3, 64, 32), (1, 128, 16)] {
                let shape = [batch, channels, side, side]
                let x = Tensor.normal(shape: shape, using: &generator)
                let dy = Tensor.normal(shape: shape, using: &generator)
                let gamma = Tensor.normal(shape: [channels], using: &generator)
                let beta = Tensor.normal(shape: [channels], using: &generator)
                func training() -> (output: Tensor, statistics: BatchNormalization.Statistics) {
                    var mean = Tensor(zeros: [channels])
                    var variance = Tensor(repeating: 1, shape: [channels])
                    return BatchNormalization.forwardTraining(
                        x, gamma: gamma, beta: beta, runningMean: &mean, runningVariance: &variance,
                        appliesReLU: true)
                }
                same("batch norm forward, \(shape)") { training().output.scalars }
                same("batch norm backward, \(shape)") {
                    let (output, statistics) = training()
                    let gradients = BatchNormalization.backwardTraining(
                        gradOutput: dy, input: x, gamma: gamma, statistics: statistics, reluOutput: output)
                    return gradients.input.scalars + gradients.gamma.scalars + gradients.beta.scalars
                }
                let pooled = MaxPool2x2.forward(x)
                same("max-pool forward, \(shape)") { MaxPool2x2.forward(x).output.scalars }
                same("max-pool backward, \(shape)") {
                    MaxPool2x2.backward(gradOutput: pooled.output, argmax: pooled.argmax, inputShape: shape)
                        .scalars
                }
                same("sum per channel, \(shape)") { dy.sumPerChannel().scalars }
                same("add per channel, \(shape)") {
                    var sum = x
                    sum.addChannelwise(gamma)
                    return sum.scalars
                }
                same("element-wise, \(shape)") { ((x + dy) * x - dy).scalars }
            }
        }
    }
}
