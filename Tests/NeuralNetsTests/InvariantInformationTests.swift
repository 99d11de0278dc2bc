import Foundation
import NeuralNets
import NumericCore
import Testing

struct InvariantInformationTests {
    @Test func twoIdenticalBalancedOneHotMapsHaveMutualInformationLog2() {
        // K = 2, T = 0, half the pixels in each cluster: P = diag(½, ½), P_i = P_j = ½, so
        // loss = −2 · ½ · (log ½ − 2 log ½) = −log 2 (the off-diagonal ε terms add about 1e-14).
        let map = Tensor(shape: [1, 2, 1, 4], scalars: [1, 1, 0, 0, 0, 0, 1, 1])
        let tape = Tape(training: true)
        let loss = tape.invariantInformationLoss(tape.constant(map), tape.constant(map), halfWindow: 0)
        expectClose(loss.value.scalars, [-log(2.0)], absolute: 1e-6, relative: 0, "loss")
    }

    @Test func independentMapsHaveNoMutualInformation() {
        // a is constant over the image, (0.3, 0.7), and b's cluster totals are in the same proportion
        // (1.2, 2.8), so Q = 4·a·aᵀ is already symmetric, P_ij = P_i · P_j, and the loss is 0.
        let a = Tensor(shape: [1, 2, 1, 4], scalars: [0.3, 0.3, 0.3, 0.3, 0.7, 0.7, 0.7, 0.7])
        let b = Tensor(shape: [1, 2, 1, 4], scalars: [1, 0, 0.2, 0, 0, 1, 0.8, 1])
        let tape = Tape(training: true)
        let loss = tape.invariantInformationLoss(tape.constant(a), tape.constant(b), halfWindow: 0)
        expectClose(loss.value.scalars, [0], absolute: 1e-6, relative: 0, "loss")
    }

    @Test(arguments: [0, 1])
    func theLossGradientMatchesFiniteDifferencesForBothInputs(halfWindow: Int) {
        // The maps are dependent (the second is the first's logits plus noise) so that the mutual
        // information has gradients well above the tolerance (with independent maps they fall below it); the loss is a Double sum of Float
        // products of order 1, so its finite-difference noise is ~1e-7 / 2e-3 ≈ 5e-5, hence the
        // tolerance 2e-4 + 1e-2·|g|.
        var fixtures = Fixtures(seed: 51)
        let logits = fixtures.tensor([2, 3, 3, 3], scale: 3)
        let other = Activation.softmax(logits + fixtures.tensor([2, 3, 3, 3], scale: 0.5))
        LayerGradientCheck.check(input: logits, parameters: [], absolute: 2e-4, relative: 1e-2) { x, tape in
            tape.invariantInformationLoss(tape.softmax(x), tape.constant(other), halfWindow: halfWindow)
        }
        LayerGradientCheck.check(input: logits, parameters: [], absolute: 2e-4, relative: 1e-2) { x, tape in
            tape.invariantInformationLoss(tape.constant(other), tape.softmax(x), halfWindow: halfWindow)
        }
        let tape = Tape(training: true)
        let loss = tape.invariantInformationLoss(
            tape.constant(Activation.softmax(logits)), tape.constant(other), halfWindow: halfWindow)
        // Dependent maps share information (≈ 0.13 nats at the same pixel); with a 3×3 window, eight of
        // nine displacements pair unrelated random pixels, so much less remains.
        #expect(loss.value.scalars[0] < (halfWindow == 0 ? -0.1 : 0), "loss: \(loss.value.scalars)")
    }
}
