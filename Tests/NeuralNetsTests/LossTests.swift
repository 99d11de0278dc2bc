import Foundation
import NeuralNets
import NumericCore
import Testing

struct LossTests {
    @Test func binaryCrossEntropyOnLogitsGivesTheHandComputedValues() {
        // z = 0: ℓ = log 2 for either target. z = 2, y = 1: log(1 + e⁻²). z = −3, y = 1: 3 + log(1 + e⁻³).
        let tape = Tape(training: true)
        let logits = tape.variable(Tensor(shape: [1, 1, 1, 4], scalars: [0, 0, 2, -3]))
        let targets = Tensor(shape: [1, 1, 1, 4], scalars: [1, 0, 1, 1])
        let loss = tape.binaryCrossEntropyWithLogits(logits, targets: targets)
        let expected = (2 * log(2.0) + log1p(exp(-2.0)) + 3 + log1p(exp(-3.0))) / 4
        expectClose(loss.value.scalars, [expected], absolute: 1e-7, relative: 1e-6, "loss")
        tape.backward(from: loss)
        // dℓ/dz = (σ(z) − y) / 4.
        let sigma = { (z: Double) in 1 / (1 + exp(-z)) }
        expectClose(
            tape.gradient(of: logits)?.scalars ?? [],
            [(0.5 - 1) / 4, 0.5 / 4, (sigma(2) - 1) / 4, (sigma(-3) - 1) / 4], absolute: 1e-7, relative: 1e-6,
            "gradient")
    }

    @Test func maskedPixelsAreIgnoredAndAnEmptyMaskGivesZeroLoss() {
        let targets = Tensor(shape: [4], scalars: [1, 0, 1, 0])
        let mask = Tensor(shape: [4], scalars: [1, 0, 0, 1])
        let tape = Tape(training: true)
        let logits = tape.variable(Tensor(shape: [4], scalars: [1, 50, -50, -1]))
        let loss = tape.binaryCrossEntropyWithLogits(logits, targets: targets, mask: mask)
        // Only z = 1 (y = 1) and z = −1 (y = 0) count: both log(1 + e⁻¹).
        expectClose(loss.value.scalars, [log1p(exp(-1.0))], absolute: 1e-7, relative: 1e-6, "loss")
        tape.backward(from: loss)
        let gradient = tape.gradient(of: logits)?.scalars ?? []
        #expect(gradient[1] == 0 && gradient[2] == 0)

        let empty = Tape(training: true)
        let none = empty.variable(Tensor(shape: [4], scalars: [1, 2, 3, 4]))
        let zero = empty.binaryCrossEntropyWithLogits(none, targets: targets, mask: Tensor(zeros: [4]))
        #expect(zero.value.scalars == [0])
        empty.backward(from: zero)
        #expect(empty.gradient(of: none)?.scalars == [0, 0, 0, 0])
    }

    @Test func theLossIsFiniteForExtremeLogits() {
        let tape = Tape(training: true)
        let logits = tape.variable(Tensor(shape: [2], scalars: [200, -200]))
        let loss = tape.binaryCrossEntropyWithLogits(logits, targets: Tensor(shape: [2], scalars: [0, 1]))
        expectClose(loss.value.scalars, [200], absolute: 1e-4, relative: 1e-6, "loss")
    }

    @Test func theMaskedLossGradientMatchesFiniteDifferences() {
        var fixtures = Fixtures(seed: 21)
        let targets = Tensor(shape: [1, 1, 3, 3], scalars: [1, 0, 1, 0, 0, 1, 1, 1, 0])
        let mask = Tensor(shape: [1, 1, 3, 3], scalars: [1, 1, 0, 1, 1, 1, 0, 1, 1])
        LayerGradientCheck.check(input: fixtures.tensor([1, 1, 3, 3], scale: 3), parameters: []) { x, tape in
            tape.binaryCrossEntropyWithLogits(x, targets: targets, mask: mask)
        }
    }
}
