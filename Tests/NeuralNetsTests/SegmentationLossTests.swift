import Foundation
import NeuralNets
import NumericCore
import Testing

struct SegmentationLossTests {
    static let probabilities = Tensor(shape: [1, 1, 2, 2], scalars: [0.9, 0.2, 0.7, 0.1])
    static let targets = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 1, 0])

    @Test func theDMILossUsesTheDeterminantOfUnnormalisedCounts() {
        // U = [[Σpy, Σp(1−y)], [Σ(1−p)y, Σ(1−p)(1−y)]] = [[1.6, 0.3], [0.4, 1.7]], det = 2.72 − 0.12 = 2.6,
        // which equals n·Σpy − Σp·Σy = 4·1.6 − 1.9·2. A second image with an all-zero label has det 0.
        let batch = Concatenation.batch([Self.probabilities, Self.probabilities])
        let targets = Concatenation.batch([Self.targets, Tensor(zeros: [1, 1, 2, 2])])
        let tape = Tape(training: true)
        let loss = tape.dmiLoss(tape.variable(batch), targets: targets)
        expectClose(
            loss.value.scalars, [(-log(2.601) - log(0.001)) / 2], absolute: 1e-5, relative: 1e-6, "loss")
    }

    @Test func theDMILossGradientMatchesFiniteDifferences() {
        var fixtures = Fixtures(seed: 31)
        let targets = Tensor(
            shape: [2, 1, 3, 3], scalars: [1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1])
        LayerGradientCheck.check(input: fixtures.tensor([2, 1, 3, 3], scale: 2), parameters: []) { x, tape in
            tape.dmiLoss(tape.sigmoid(x), targets: targets)
        }
    }

    @Test(arguments: [1, 2])
    func theSoftIoULossGivesTheHandComputedValueForBothPowers(power: Int) {
        // I = Σpy = 1.6; U = Σp^k + Σy − I: k = 1 → 1.9 + 2 − 1.6 = 2.3, k = 2 → 1.35 + 2 − 1.6 = 1.75.
        let tape = Tape(training: true)
        let loss = tape.softIoULoss(tape.variable(Self.probabilities), targets: Self.targets, power: power)
        let expected = power == 1 ? 1 - 1.6 / 2.3 : 1 - 1.6 / 1.75
        expectClose(loss.value.scalars, [expected], absolute: 1e-6, relative: 1e-6, "loss")
    }

    @Test(arguments: [1, 2])
    func theSoftIoULossGradientMatchesFiniteDifferences(power: Int) {
        var fixtures = Fixtures(seed: 32)
        let targets = Tensor(shape: [2, 1, 2, 3], scalars: [1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0])
        LayerGradientCheck.check(input: fixtures.tensor([2, 1, 2, 3], scale: 2), parameters: []) { x, tape in
            tape.softIoULoss(tape.sigmoid(x), targets: targets, power: power)
        }
    }

    @Test func crossEntropySkipsIgnoredPixels() {
        // Pixel 0: logits (1, 2, 3), label 2: log(e + e² + e³) − 3. Pixel 1 is ignored.
        let tape = Tape(training: true)
        let logits = tape.variable(Tensor(shape: [1, 3, 1, 2], scalars: [1, 5, 2, -5, 3, 0]))
        let loss = tape.crossEntropy(logits, labels: [2, 255])
        let normaliser = exp(1.0) + exp(2.0) + exp(3.0)
        expectClose(loss.value.scalars, [log(normaliser) - 3], absolute: 1e-6, relative: 1e-6, "loss")
        tape.backward(from: loss)
        let expected = [exp(1.0) / normaliser, 0, exp(2.0) / normaliser, 0, exp(3.0) / normaliser - 1, 0]
        expectClose(
            tape.gradient(of: logits)?.scalars ?? [], expected, absolute: 1e-6, relative: 1e-6, "gradient")
    }

    @Test func theCrossEntropyGradientMatchesFiniteDifferences() {
        var fixtures = Fixtures(seed: 33)
        let labels: [Int32] = [0, 3, 255, 1, 2, 2, 255, 0]
        LayerGradientCheck.check(input: fixtures.tensor([2, 4, 2, 2], scale: 2), parameters: []) { x, tape in
            tape.crossEntropy(x, labels: labels)
        }
    }
}

struct OptimizerScheduleTests {
    @Test func adamTakesLearningRateSizedStepsForAConstantGradient() {
        // With a constant gradient g, m̂ = g and v̂ = g², so each step moves lr·g/(|g| + ε) ≈ lr.
        let parameter = Parameter(name: "p", value: Tensor(shape: [1], scalars: [1]))
        let optimizer = Adam(learningRate: 0.1)
        for expected in [0.9, 0.8, 0.7] {
            parameter.gradient = Tensor(shape: [1], scalars: [0.5])
            optimizer.step([parameter])
            expectClose(parameter.value.scalars, [expected], absolute: 1e-6, relative: 0, "value")
        }
        #expect(optimizer.stepCount(of: parameter) == 3)
    }

    @Test func adamAddsWeightDecayToTheGradient() {
        let parameter = Parameter(name: "p", value: Tensor(shape: [2], scalars: [1, -2]))
        let optimizer = Adam(learningRate: 0.1, weightDecay: 0.1)
        parameter.gradient = Tensor(zeros: [2])
        optimizer.step([parameter])
        // g = 0.1·value, so the step is lr·sign(value).
        expectClose(parameter.value.scalars, [0.9, -1.9], absolute: 1e-6, relative: 0, "value")
    }

    @Test func theStepScheduleDecaysEveryStepSizeEpochs() {
        let schedule = StepLearningRate(base: 0.05, gamma: 0.1, stepSize: 20)
        #expect(schedule.rate(epoch: 0) == 0.05)
        #expect(schedule.rate(epoch: 19) == 0.05)
        #expect(schedule.rate(epoch: 20) == 0.05 * 0.1)  // 0.005000000000000001, as in PyTorch
        #expect(schedule.rate(epoch: 45) == 0.05 * 0.1 * 0.1)
    }
}
