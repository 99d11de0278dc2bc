extension Image {
    /// A gray image showing a plane (a KDE map, a blurred image) for viewing or figures: values
    /// are mapped linearly from `[min, max]` of the plane onto `[0, 2^bits − 1]` and rounded to
    /// nearest. The scale is not kept, so this is a picture of the plane, not a lossless store of
    /// it. A constant plane gives all zeros.
    public init(quantizing plane: Plane, bitDepth: BitDepth = .sixteen) {
        let low = plane.values.min() ?? 0
        let high = plane.values.max() ?? 0
        let top = Double(bitDepth.maxValue)
        let samples = plane.values.map { value -> UInt16 in
            guard high > low else { return 0 }
            return UInt16(((value - low) / (high - low) * top).rounded())
        }
        self.init(width: plane.width, height: plane.height, channels: 1, bitDepth: bitDepth, samples: samples)
    }
}
