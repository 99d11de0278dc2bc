import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct BatchNormReLUTests {
    /// Runs batch norm + ReLU fused or as two ops on a fresh layer; returns output, input gradient and
    /// parameter gradients.
    static func run(fused: Bool, training: Bool) -> [Tensor] {
        var generator = RandomStream(seed: 12, stream: "init")
        let norm = BatchNormLayer(name: "bn", channels: 3, generator: &generator)
        var fixtures = Fixtures(seed: 12)
        norm.bias.value = fixtures.tensor([3], scale: 0.5)
        let input = fixtures.tensor([2, 3, 5, 4])
        let weights = fixtures.tensor([2, 3, 5, 4])
        let tape = Tape(training: training)
        let x = tape.variable(input)
        let y = fused ? norm(x, on: tape, relu: true) : tape.relu(norm(x, on: tape))
        tape.backward(from: tape.weightedSum(y, weights: weights))
        return [
            y.value, tape.gradient(of: x) ?? Tensor(zeros: [0]), norm.weight.gradient ?? Tensor(zeros: [0]),
            norm.bias.gradient ?? Tensor(zeros: [0]), norm.runningMean.value, norm.runningVariance.value,
        ]
    }

    @Test(arguments: [true, false])
    func fusedBatchNormAndReLUEqualTheTwoOpsBitForBit(training: Bool) {
        let fused = Self.run(fused: true, training: training)
        let separate = Self.run(fused: false, training: training)
        #expect(fused.map { $0.scalars.map(\.bitPattern) } == separate.map { $0.scalars.map(\.bitPattern) })
        // The ReLU cuts: some outputs are 0, so the mask matters.
        #expect(fused[0].scalars.contains(0) && fused[0].scalars.contains { $0 > 0 })
    }
}
