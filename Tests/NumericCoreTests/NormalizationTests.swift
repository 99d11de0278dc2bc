import NumericCore
import Testing

struct NormalizationTests {
    @Test func trainingBatchNormNormalisesEachChannelAndUpdatesRunningStatistics() {
        // Channel 0 holds 1, 2, 3, 4 (mean 2.5, biased variance 1.25, unbiased 5/3); channel 1 is constant 7
        // (variance 0: the output is beta exactly).
        let input = Tensor(shape: [2, 2, 1, 2], scalars: [1, 2, 7, 7, 3, 4, 7, 7])
        var runningMean = Tensor(zeros: [2])
        var runningVariance = Tensor(repeating: 1, shape: [2])
        let (output, statistics) = BatchNormalization.forwardTraining(
            input, gamma: Tensor(shape: [2], scalars: [2, 1]), beta: Tensor(shape: [2], scalars: [0, 5]),
            runningMean: &runningMean, runningVariance: &runningVariance, momentum: 0.1, epsilon: 1e-5)
        let scale = 2 / (1.25 + 1e-5).squareRoot()
        let expected = [-1.5 * scale, -0.5 * scale, 5, 5, 0.5 * scale, 1.5 * scale, 5, 5]
        expectClose(output.scalars, expected, absolute: 1e-6, relative: 1e-6, "output")
        #expect(statistics.mean == [2.5, 7])
        expectClose(runningMean.scalars, [0.25, 0.7], absolute: 1e-7, relative: 1e-6, "running mean")
        expectClose(
            runningVariance.scalars, [0.9 + 0.1 * 5 / 3, 0.9], absolute: 1e-7, relative: 1e-6, "running var")
    }

    @Test func inferenceBatchNormUsesTheRunningStatistics() {
        let input = Tensor(shape: [1, 2, 1, 1], scalars: [3, 3])
        let output = BatchNormalization.forwardInference(
            input, gamma: Tensor(shape: [2], scalars: [1, 2]), beta: Tensor(shape: [2], scalars: [0, 1]),
            runningMean: Tensor(shape: [2], scalars: [1, 3]),
            runningVariance: Tensor(shape: [2], scalars: [4, 1]),
            epsilon: 0)
        #expect(output.scalars == [1, 1])
    }

    @Test func trainingBatchNormBackwardMatchesFiniteDifferencesOfTheDoubleReference() {
        var fixtures = FixtureGenerator(seed: 41)
        let input = fixtures.tensor([3, 2, 2, 3], scale: 2)
        let gamma = fixtures.tensor([2])
        let beta = fixtures.tensor([2])
        var runningMean = Tensor(zeros: [2])
        var runningVariance = Tensor(repeating: 1, shape: [2])
        let epsilon: Float = 1e-3
        let (output, statistics) = BatchNormalization.forwardTraining(
            input, gamma: gamma, beta: beta, runningMean: &runningMean, runningVariance: &runningVariance,
            epsilon: epsilon)
        func reference(_ x: [Double], _ g: [Double], _ b: [Double]) -> [Double] {
            Reference.batchNorm(x, shape: input.shape, gamma: g, beta: b, epsilon: Double(epsilon))
        }
        let (x, g, b) = (input.doubles, gamma.doubles, beta.doubles)
        expectClose(output.scalars, reference(x, g, b), absolute: 1e-5, relative: 1e-5, "forward")
        let gradOutput = fixtures.tensor(input.shape)
        let r = gradOutput.doubles
        let gradients = BatchNormalization.backwardTraining(
            gradOutput: gradOutput, input: input, gamma: gamma, statistics: statistics)
        GradientCheck.expectMatch(
            gradients.input.scalars,
            GradientCheck.numericGradient(of: { reference($0, g, b) }, at: x, outputWeights: r),
            "d input")
        GradientCheck.expectMatch(
            gradients.gamma.scalars,
            GradientCheck.numericGradient(of: { reference(x, $0, b) }, at: g, outputWeights: r),
            "d gamma")
        GradientCheck.expectMatch(
            gradients.beta.scalars,
            GradientCheck.numericGradient(of: { reference(x, g, $0) }, at: b, outputWeights: r),
            "d beta")
    }

    @Test func inferenceBatchNormBackwardMatchesFiniteDifferences() {
        var fixtures = FixtureGenerator(seed: 42)
        let input = fixtures.tensor([2, 3, 2, 2])
        let gamma = fixtures.tensor([3])
        let runningMean = fixtures.tensor([3])
        let runningVariance = Tensor(shape: [3], scalars: [0.5, 1, 2])
        let gradOutput = fixtures.tensor(input.shape)
        func reference(_ x: [Double], _ g: [Double]) -> [Double] {
            let plane = 4
            return x.indices.map { index in
                let channel = (index / plane) % 3
                return g[channel] * (x[index] - Double(runningMean.scalars[channel]))
                    / (Double(runningVariance.scalars[channel]) + 1e-5).squareRoot()
            }
        }
        let gradients = BatchNormalization.backwardInference(
            gradOutput: gradOutput, input: input, gamma: gamma, runningMean: runningMean,
            runningVariance: runningVariance)
        let (x, g, r) = (input.doubles, gamma.doubles, gradOutput.doubles)
        GradientCheck.expectMatch(
            gradients.input.scalars,
            GradientCheck.numericGradient(of: { reference($0, g) }, at: x, outputWeights: r),
            "d input")
        GradientCheck.expectMatch(
            gradients.gamma.scalars,
            GradientCheck.numericGradient(of: { reference(x, $0) }, at: g, outputWeights: r),
            "d gamma")
        expectClose(
            gradients.beta.scalars, gradOutput.sumPerChannel().doubles, absolute: 0, relative: 0, "d beta")
    }
}
