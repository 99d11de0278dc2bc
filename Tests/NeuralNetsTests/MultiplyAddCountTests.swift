import NeuralNets
import NumericCore
import RandomStreams
import Testing

/// The tape's multiply-add count, the unit of the cost estimates: checked against counts done by
/// hand from the layer shapes.
@Suite struct MultiplyAddCountTests {
    @Test func oneConvolutionCountsOutputElementsTimesWeightsPerOutput() {
        var generator = RandomStream(seed: 0, stream: "count")
        let layer = ConvolutionLayer(
            inChannels: 3, outChannels: 5, kernelSize: 3, stride: 2, padding: 1, generator: &generator)
        let tape = Tape.inference()
        _ = layer(
            tape.constant(Tensor(shape: [2, 3, 9, 7], scalars: [Float](repeating: 1, count: 378))), on: tape)
        // Output [2, 5, 5, 4]; each element reads 3·3·3 weights.
        #expect(tape.multiplyAdds == 2 * 5 * 5 * 4 * 27)
    }

    @Test func theReferenceUNetCountsWhatTheBenchmarkStates() {
        var generator = RandomStream(seed: 0, stream: StreamName.initialWeights)
        let model = UNet(
            baseWidth: TrainingBenchmark.baseWidth, depth: TrainingBenchmark.depth, convolutionBias: false,
            generator: &generator)
        let side = TrainingBenchmark.imageExtent
        let tape = Tape.inference()
        _ = model(
            tape.constant(
                Tensor(shape: [1, 1, side, side], scalars: [Float](repeating: 0, count: side * side))),
            on: tape)
        // The benchmark's 1.150 GFLOP per image: 574.9 M multiply-adds, 2 FLOP each.
        #expect(abs(Double(2 * tape.multiplyAdds) / 1e9 - TrainingBenchmark.forwardGFLOPPerImage) < 0.001)
    }
}
