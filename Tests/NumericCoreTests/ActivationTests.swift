import Foundation
import NumericCore
import Testing

struct ActivationTests {
    @Test func reluAndSigmoidGiveTheHandComputedValues() {
        let input = Tensor(shape: [4], scalars: [-2, 0, 0.5, 3])
        #expect(Activation.relu(input).scalars == [0, 0, 0.5, 3])
        let sigmoid = Activation.sigmoid(Tensor(shape: [3], scalars: [0, 2, -2]))
        expectClose(
            sigmoid.scalars, [0.5, 1 / (1 + exp(-2.0)), 1 / (1 + exp(2.0))], absolute: 1e-7, relative: 1e-6)
    }

    @Test func sigmoidAndSoftmaxStayFiniteForExtremeInputs() {
        let sigmoid = Activation.sigmoid(Tensor(shape: [2], scalars: [-1000, 1000]))
        #expect(sigmoid.scalars == [0, 1])
        let softmax = Activation.softmax(Tensor(shape: [1, 2, 1, 1], scalars: [1000, 999]))
        expectClose(
            softmax.scalars, [1 / (1 + exp(-1.0)), 1 / (1 + exp(1.0))], absolute: 1e-7, relative: 1e-6)
        let logSoftmax = Activation.logSoftmax(Tensor(shape: [1, 2, 1, 1], scalars: [-1000, 0]))
        #expect(logSoftmax.scalars.allSatisfy { $0.isFinite })
        expectClose([logSoftmax.scalars[0]], [-1000], absolute: 1e-3, relative: 0)
    }

    @Test func reluAndSigmoidBackwardMatchFiniteDifferences() {
        var fixtures = FixtureGenerator(seed: 51)
        let input = fixtures.distinctTensor([2, 3, 2, 2]) * 50
        let gradOutput = fixtures.tensor(input.shape)
        let x = input.doubles
        let r = gradOutput.doubles
        GradientCheck.expectMatch(
            Activation.reluBackward(gradOutput: gradOutput, input: input).scalars,
            GradientCheck.numericGradient(of: { $0.map { max($0, 0) } }, at: x, outputWeights: r), "relu")
        let sigmoid = Activation.sigmoid(input)
        expectClose(sigmoid.scalars, x.map { 1 / (1 + exp(-$0)) }, absolute: 1e-7, relative: 1e-6, "sigmoid")
        GradientCheck.expectMatch(
            Activation.sigmoidBackward(gradOutput: gradOutput, output: sigmoid).scalars,
            GradientCheck.numericGradient(of: { $0.map { 1 / (1 + exp(-$0)) } }, at: x, outputWeights: r),
            "sigmoid")
    }

    @Test(arguments: [false, true])
    func softmaxAndLogSoftmaxOverChannelsMatchTheReferenceAndFiniteDifferences(log: Bool) {
        var fixtures = FixtureGenerator(seed: log ? 52 : 53)
        let input = fixtures.tensor([2, 4, 2, 3], scale: 3)
        let gradOutput = fixtures.tensor(input.shape)
        let output = log ? Activation.logSoftmax(input) : Activation.softmax(input)
        let reference = { (x: [Double]) in Reference.softmax(x, shape: input.shape, log: log) }
        expectClose(output.scalars, reference(input.doubles), absolute: 1e-6, relative: 1e-6, "forward")
        let gradient =
            log
            ? Activation.logSoftmaxBackward(gradOutput: gradOutput, output: output)
            : Activation.softmaxBackward(gradOutput: gradOutput, output: output)
        GradientCheck.expectMatch(
            gradient.scalars,
            GradientCheck.numericGradient(
                of: reference, at: input.doubles, outputWeights: gradOutput.doubles),
            "d input")
    }
}
