public import NumericCore

// Differentiable operations. Each runs the NumericCore forward kernel and records the matching
// backward kernel. Layouts are NCHW throughout; see the NumericCore kernels for shape formulas.

extension Tape {
    /// A 2-D convolution (`Convolution2D`): input `[N, Cin, H, W]`, weight `[Cout, Cin, kh, kw]`,
    /// optional bias `[Cout]` → `[N, Cout, Ho, Wo]`. The forward value of a convolution that
    /// `Winograd3x3.applies` to is computed by Winograd (equal up to rounding); the gradients are
    /// always `Convolution2D.backward`'s.
    public func convolution(
        _ input: Variable, weight: Variable, bias: Variable?, _ convolution: Convolution2D
    ) -> Variable {
        let output =
            Winograd3x3.applies(to: convolution, weightShape: weight.shape, inputShape: input.shape)
            ? Winograd3x3.forward(
                input.value, transformedWeight: Winograd3x3.transformedWeight(weight.value),
                outChannels: weight.shape[0], bias: bias?.value.scalars, appliesReLU: false)
            : convolution.forward(input.value, weight: weight.value, bias: bias?.value)
        countConvolution(output: output, weightShape: weight.shape)
        let inputValue = input.value
        let weightValue = weight.value
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        return record(output, inputs: inputs) { gradient, needs in
            let gradients = convolution.backward(
                gradOutput: gradient, input: inputValue, weight: weightValue, computeInputGradient: needs[0],
                computeBiasGradient: needs.count > 2)
            return Array([gradients.input, gradients.weight, gradients.bias].prefix(needs.count))
        }
    }

    /// Adds a convolution's multiply-adds to `multiplyAdds`: each output element reads
    /// `Cin·kh·kw` weights of a `[Cout, Cin, kh, kw]` weight.
    func countConvolution(output: Tensor, weightShape: [Int]) {
        multiplyAdds += output.count * weightShape[1] * weightShape[2] * weightShape[3]
    }

    /// A 2×2 stride-2 transposed convolution (`TransposedConvolution2x2`): input `[N, Cin, H, W]`,
    /// weight `[Cin, Cout, 2, 2]`, optional bias `[Cout]` → `[N, Cout, 2H, 2W]`.
    public func transposedConvolution2x2(_ input: Variable, weight: Variable, bias: Variable?) -> Variable {
        let output = TransposedConvolution2x2.forward(input.value, weight: weight.value, bias: bias?.value)
        multiplyAdds += output.count * weight.shape[0]
        let inputValue = input.value
        let weightValue = weight.value
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        return record(output, inputs: inputs) { gradient, needs in
            let gradients = TransposedConvolution2x2.backward(
                gradOutput: gradient, input: inputValue, weight: weightValue, computeInputGradient: needs[0])
            return Array([gradients.input, gradients.weight, gradients.bias].prefix(needs.count))
        }
    }

    /// `max(x, 0)` element-wise.
    public func relu(_ input: Variable) -> Variable {
        let inputValue = input.value
        return record(Activation.relu(inputValue), inputs: [input]) { gradient, _ in
            [Activation.reluBackward(gradOutput: gradient, input: inputValue)]
        }
    }

    /// The logistic sigmoid element-wise.
    public func sigmoid(_ input: Variable) -> Variable {
        let output = Activation.sigmoid(input.value)
        return record(output, inputs: [input]) { gradient, _ in
            [Activation.sigmoidBackward(gradOutput: gradient, output: output)]
        }
    }

    /// The softmax over channels of `[N, C, H, W]`.
    public func softmax(_ input: Variable) -> Variable {
        let output = Activation.softmax(input.value)
        return record(output, inputs: [input]) { gradient, _ in
            [Activation.softmaxBackward(gradOutput: gradient, output: output)]
        }
    }

    /// The log-softmax over channels of `[N, C, H, W]`.
    public func logSoftmax(_ input: Variable) -> Variable {
        let output = Activation.logSoftmax(input.value)
        return record(output, inputs: [input]) { gradient, _ in
            [Activation.logSoftmaxBackward(gradOutput: gradient, output: output)]
        }
    }

    /// 2×2 stride-2 max-pooling: `[N, C, H, W]` → `[N, C, ⌊H/2⌋, ⌊W/2⌋]`.
    public func maxPool2x2(_ input: Variable) -> Variable {
        guard recordsGradients else { return constant(MaxPool2x2.values(input.value)) }
        let result = MaxPool2x2.forward(input.value)
        let inputShape = input.shape
        return record(result.output, inputs: [input]) { gradient, _ in
            [MaxPool2x2.backward(gradOutput: gradient, argmax: result.argmax, inputShape: inputShape)]
        }
    }

    /// General max-pooling (`MaxPool2D`): `[N, C, H, W]` → `[N, C, Ho, Wo]`.
    public func maxPool(_ input: Variable, _ pooling: MaxPool2D) -> Variable {
        let result = pooling.forward(input.value)
        let inputShape = input.shape
        return record(result.output, inputs: [input]) { gradient, _ in
            [pooling.backward(gradOutput: gradient, argmax: result.argmax, inputShape: inputShape)]
        }
    }

    /// Global average pooling: `[N, C, H, W]` → `[N, C, 1, 1]`.
    public func globalAveragePool(_ input: Variable) -> Variable {
        let inputShape = input.shape
        return record(GlobalAveragePooling.forward(input.value), inputs: [input]) { gradient, _ in
            [GlobalAveragePooling.backward(gradOutput: gradient, inputShape: inputShape)]
        }
    }

    /// Bilinear resizing (`BilinearUpsampling`; align_corners=False unless asked):
    /// `[N, C, H, W]` → `[N, C, height, width]`.
    public func upsampleBilinear(
        _ input: Variable, height: Int, width: Int, alignCorners: Bool = false
    ) -> Variable {
        let inputShape = input.shape
        let output = BilinearUpsampling.forward(
            input.value, height: height, width: width, alignCorners: alignCorners)
        return record(output, inputs: [input]) { gradient, _ in
            [
                BilinearUpsampling.backward(
                    gradOutput: gradient, inputShape: inputShape, alignCorners: alignCorners)
            ]
        }
    }

    /// Concatenation along channels: `[N, C_k, H, W]` → `[N, Σ C_k, H, W]`.
    public func concatenateChannels(_ inputs: [Variable]) -> Variable {
        let counts = inputs.map { $0.shape.count == 4 ? $0.shape[1] : -1 }
        let output = Concatenation.channels(inputs.map(\.value))
        return record(output, inputs: inputs) { gradient, _ in
            Concatenation.split(gradient, channelCounts: counts)
        }
    }

    /// The element-wise sum of two variables of equal shape.
    public func add(_ lhs: Variable, _ rhs: Variable) -> Variable {
        record(lhs.value + rhs.value, inputs: [lhs, rhs]) { gradient, _ in [gradient, gradient] }
    }

    /// The sum of all elements, shape `[]`.
    public func sum(_ input: Variable) -> Variable {
        let shape = input.shape
        let total = Tensor(shape: [], scalars: [Float(input.value.sum())])
        return record(total, inputs: [input]) { gradient, _ in
            [Tensor(repeating: gradient.scalars[0], shape: shape)]
        }
    }

    /// The sum of `input · weights` over all elements with constant `weights` of the same shape,
    /// shape `[]` (a fixed random projection turns any output into a scalar for gradient checks).
    public func weightedSum(_ input: Variable, weights: Tensor) -> Variable {
        let total = Tensor(shape: [], scalars: [Float(input.value.dot(weights))])
        return record(total, inputs: [input]) { gradient, _ in [weights * gradient.scalars[0]] }
    }
}
