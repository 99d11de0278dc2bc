import CanonicalJSON
import Jobs
import NeuralNets
import NumericCore
import RandomStreams
import Runs
import Testing

/// The `checkpoint` encoding: bit-exact round trips, and clear refusals of checkpoints that are
/// damaged or belong to another network.
@Suite struct CheckpointTests {
    static let hyperparameters: [String: JSONValue] = ["model": "unet", "width": 2, "depth": 2, "lr": 0.05]

    /// A U-Net (width 2, depth 2) after one SGD step, so that velocities and running statistics
    /// are not at their initial values.
    static func trainedState(seed: UInt64 = 1) -> (network: UNet, optimizer: SGD) {
        var generator = RandomStream(seed: seed, stream: "init")
        let network = UNet(baseWidth: 2, depth: 2, generator: &generator)
        let optimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        var data = RandomStream(seed: seed, stream: "data")
        let images = Tensor.normal(shape: [2, 1, 8, 8], using: &data)
        let tape = Tape(training: true)
        let loss = tape.binaryCrossEntropyWithLogits(
            network(tape.constant(images), on: tape), targets: images.map { $0 > 0 ? 1 : 0 })
        tape.backward(from: loss)
        optimizer.step(network.parameters)
        return (network, optimizer)
    }

    static func checkpoint(of state: (network: UNet, optimizer: SGD)) -> Checkpoint {
        Checkpoint(
            architecture: "unet", hyperparameters: hyperparameters, epoch: 3,
            history: ["dice": [0.25, 0.5, 0.125], "loss": [0.7, 0.6931471805599453]], network: state.network,
            optimizer: state.optimizer)
    }

    static func bits(_ tensors: [Tensor]) -> [[UInt8]] { tensors.map(\.littleEndianBytes) }

    @Test func aCheckpointRoundTripsBitForBitIntoAFreshNetwork() throws {
        let state = Self.trainedState()
        let original = Self.checkpoint(of: state)
        let bytes = original.canonicalBytes
        #expect(Array(bytes.prefix(8)) == Array("MSDBCKP1".utf8))
        let decoded = try Checkpoint(canonicalBytes: bytes)
        #expect(decoded == original)
        #expect(decoded.canonicalBytes == bytes)
        #expect(decoded.epoch == 3)
        #expect(decoded.history["loss"] == [0.7, 0.6931471805599453])
        // parameters + buffers + one velocity per parameter
        #expect(decoded.entries.count == 2 * state.network.parameters.count + state.network.buffers.count)

        let fresh = Self.trainedState(seed: 2)
        #expect(
            Self.bits(fresh.network.parameters.map(\.value))
                != Self.bits(state.network.parameters.map(\.value)))
        try decoded.restore(
            into: fresh.network, optimizer: fresh.optimizer, architecture: "unet",
            hyperparameters: Self.hyperparameters)
        #expect(
            Self.bits(fresh.network.parameters.map(\.value))
                == Self.bits(state.network.parameters.map(\.value)))
        #expect(
            Self.bits(fresh.network.buffers.map(\.value)) == Self.bits(state.network.buffers.map(\.value)))
        let velocities = { (s: (network: UNet, optimizer: SGD)) in
            s.network.parameters.compactMap { s.optimizer.velocity(of: $0) }
        }
        #expect(Self.bits(velocities(fresh)) == Self.bits(velocities(state)))
        #expect(Self.checkpoint(of: fresh).canonicalBytes == bytes)
    }

    @Test func aCheckpointOfAnotherArchitectureOrShapeIsRefused() throws {
        let checkpoint = Self.checkpoint(of: Self.trainedState())
        var generator = RandomStream(seed: 1, stream: "init")
        let wider = UNet(baseWidth: 3, depth: 2, generator: &generator)
        let optimizer = SGD(learningRate: 0.05)
        #expect {
            try checkpoint.restore(
                into: wider, optimizer: optimizer, architecture: "deeplabv3plus",
                hyperparameters: Self.hyperparameters)
        } throws: { error in
            "\(error)".contains("written for a unet network, not deeplabv3plus")
        }
        var otherSizes = Self.hyperparameters
        otherSizes["width"] = 3
        #expect {
            try checkpoint.restore(
                into: wider, optimizer: optimizer, architecture: "unet", hyperparameters: otherSizes)
        } throws: { error in
            "\(error)" == "invalid checkpoint: hyperparameter 'width' is 2, the run has 3"
        }
        let before = wider.parameters.map(\.value)
        #expect {
            try checkpoint.restore(
                into: wider, optimizer: optimizer, architecture: "unet", hyperparameters: Self.hyperparameters
            )
        } throws: { error in
            "\(error)".hasPrefix("invalid checkpoint: tensor parameter/inc.conv1.weight [2, 1, 3, 3] where")
        }
        #expect(wider.parameters.map(\.value) == before)
    }

    @Test(arguments: [1, 4, 1000])
    func aTruncatedCheckpointIsRefused(missing: Int) throws {
        let bytes = Self.checkpoint(of: Self.trainedState()).canonicalBytes
        #expect {
            try Checkpoint(canonicalBytes: Array(bytes.dropLast(missing)))
        } throws: { error in
            "\(error)".hasPrefix("invalid checkpoint: truncated")
        }
    }

    @Test func extraBytesAndAnotherMagicAreRefused() throws {
        let bytes = Self.checkpoint(of: Self.trainedState()).canonicalBytes
        #expect(throws: RunError.invalidCheckpoint(reason: "4 bytes follow the last tensor")) {
            try Checkpoint(canonicalBytes: bytes + [0, 0, 0, 0])
        }
        var other = bytes
        other[7] = UInt8(ascii: "2")
        #expect(throws: RunError.invalidCheckpoint(reason: "not a checkpoint (no MSDBCKP1 magic)")) {
            try Checkpoint(canonicalBytes: other)
        }
    }

    @Test func aCheckpointWithANaNWeightIsRefused() throws {
        var bytes = Self.checkpoint(of: Self.trainedState()).canonicalBytes
        // The last value of the last tensor becomes a quiet NaN.
        bytes.replaceSubrange((bytes.count - 4)..., with: Float.nan.bitPattern.littleEndianBytes)
        #expect {
            try Checkpoint(canonicalBytes: bytes)
        } throws: { error in
            "\(error)".hasPrefix("invalid checkpoint: tensor velocity/head.bias holds nan")
        }
    }
}

extension UInt32 {
    fileprivate var littleEndianBytes: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
}
