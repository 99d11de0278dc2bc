import NeuralNets
import NumericCore
import RandomStreams
import Testing

/// Everything a checkpoint must carry is reachable: parameters, buffers and optimizer state, and
/// restoring them reproduces training exactly.
struct CheckpointStateTests {
    static func makeModel(seed: UInt64) -> UNet {
        var generator = RandomStream(seed: seed, stream: "init")
        return UNet(baseWidth: 2, depth: 2, generator: &generator)
    }

    static func step(_ model: UNet, _ optimizer: SGD, images: Tensor, labels: Tensor) -> Float {
        let tape = Tape(training: true)
        let loss = tape.binaryCrossEntropyWithLogits(model(tape.constant(images), on: tape), targets: labels)
        optimizer.zeroGradients(model.parameters)
        tape.backward(from: loss)
        optimizer.step(model.parameters)
        return loss.value.scalars[0]
    }

    @Test func aUNetListsEveryBatchNormStatisticWithAUniqueName() {
        var generator = RandomStream(seed: 0, stream: "init")
        let model = UNet(baseWidth: 2, depth: 4, generator: &generator)
        // 9 double-convolution blocks × 2 batch norms × (mean, variance).
        #expect(model.buffers.count == 36)
        #expect(Set(model.buffers.map(\.name)).count == 36)
        #expect(Set(model.parameters.map(\.name)).count == model.parameters.count)
    }

    @Test func restoringParametersBuffersAndVelocitiesResumesTrainingBitForBit() {
        var data = RandomStream(seed: 9, stream: "data")
        let images = Tensor.normal(shape: [2, 1, 8, 8], using: &data)
        let labels = images.map { $0 > 0 ? 1 : 0 }

        // Uninterrupted: four steps.
        let reference = Self.makeModel(seed: 1)
        let referenceOptimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        let referenceLosses = (0..<4).map { _ in
            Self.step(reference, referenceOptimizer, images: images, labels: labels)
        }

        // Interrupted after two steps, state copied into a fresh model built from another seed.
        let first = Self.makeModel(seed: 1)
        let firstOptimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        var losses = (0..<2).map { _ in Self.step(first, firstOptimizer, images: images, labels: labels) }
        let resumed = Self.makeModel(seed: 2)
        let resumedOptimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        for (source, target) in zip(first.parameters, resumed.parameters) {
            target.value = source.value
            resumedOptimizer.setVelocity(firstOptimizer.velocity(of: source), for: target)
        }
        for (source, target) in zip(first.buffers, resumed.buffers) {
            target.value = source.value
        }
        losses += (0..<2).map { _ in Self.step(resumed, resumedOptimizer, images: images, labels: labels) }
        #expect(losses == referenceLosses)
        #expect(resumed.parameters.map(\.value) == reference.parameters.map(\.value))
        #expect(resumed.buffers.map(\.value) == reference.buffers.map(\.value))
    }
}
