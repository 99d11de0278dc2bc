extension Winograd3x3 {
    /// What both passes work on: the batch, the channels in and out, the image's tile geometry and
    /// the tile rows per band (`bandRows` for the larger channel count).
    struct PassShape {
        let batch: Int
        let inChannels: Int
        let outChannels: Int
        let geometry: Geometry
        let bandRows: Int

        init(_ input: (batch: Int, channels: Int, height: Int, width: Int), outChannels: Int) {
            (batch, inChannels, self.outChannels) = (input.batch, input.channels, outChannels)
            geometry = Geometry(height: input.height, width: input.width)
            bandRows = Winograd3x3.bandRows(geometry, channels: Swift.max(inChannels, outChannels))
        }

        /// The most tiles of one band.
        var bandTiles: Int { bandRows * geometry.paddedTileColumns }
        /// The pixels of one plane.
        var plane: Int { geometry.height * geometry.width }
    }

    /// The forward pass over raw buffers as units that threads take in turn: the bands of tile rows
    /// of the images (`ParallelLoop.ImageBands`; no sum runs across them). Each thread taking part
    /// calls `work` once and sets up its buffers once.
    struct ForwardPass {
        let input: UnsafePointer<Float>
        let transformedWeight: UnsafePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let shape: PassShape
        let biases: [Float]
        let appliesReLU: Bool
        let bands: [Range<Int>]
        let imageBands: ParallelLoop.ImageBands

        init(
            input: UnsafePointer<Float>, transformedWeight: UnsafePointer<Float>,
            output: UnsafeMutablePointer<Float>, shape: PassShape, bias: [Float]?, appliesReLU: Bool
        ) {
            self.input = input
            self.transformedWeight = transformedWeight
            self.output = output
            self.shape = shape
            biases = bias ?? [Float](repeating: 0, count: shape.outChannels)
            self.appliesReLU = appliesReLU
            bands = shape.geometry.bands(of: shape.bandRows)
            imageBands = ParallelLoop.ImageBands(batch: shape.batch, bands: bands.count)
        }

        var units: Int { imageBands.count }

        /// One thread's share: the units `next` hands out until it returns nil.
        func work(_ next: () -> Int?) {
            guard var unit = next() else { return }
            let (inChannels, outChannels, geometry, plane) = (
                shape.inChannels, shape.outChannels, shape.geometry, shape.plane
            )
            let planes = geometry.allocatePlanes(inChannels)
            let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * inChannels * shape.bandTiles)
            let m = UnsafeMutablePointer<Float>.allocate(capacity: 16 * outChannels * shape.bandTiles)
            defer {
                planes.deallocate()
                v.deallocate()
                m.deallocate()
            }
            while true {
                for (image, band) in imageBands.members(of: unit) {
                    let rows = bands[band]
                    geometry.pad(
                        channels: inChannels, of: input + image * inChannels * plane, tileRows: rows,
                        into: planes)
                    let tiles = rows.count * geometry.paddedTileColumns
                    for channel in 0..<inChannels {
                        transformInput(
                            planes + channel * geometry.paddedCount, geometry, tileRows: rows,
                            into: v + channel * tiles, positionStride: inChannels * tiles)
                    }
                    for position in 0..<16 {
                        GEMM.multiply(
                            transposeA: false, transposeB: false, m: outChannels, n: tiles, k: inChannels,
                            alpha: 1, a: transformedWeight + position * outChannels * inChannels,
                            lda: inChannels,
                            b: v + position * inChannels * tiles, ldb: tiles, beta: 0,
                            c: m + position * outChannels * tiles, ldc: tiles,
                            splitsAcrossThreads: shape.batch == 1
                        )
                    }
                    let target = output + image * outChannels * plane
                    for channel in 0..<outChannels {
                        transformOutput(
                            m + channel * tiles, geometry, tileRows: rows,
                            positionStride: outChannels * tiles,
                            bias: biases[channel], appliesReLU: appliesReLU, into: target + channel * plane)
                    }
                }
                guard let following = next() else { return }
                unit = following
            }
        }
    }

    /// The weight gradient's sums over raw buffers as units that threads take in turn: the batch's
    /// `ParallelLoop.imagePieces`, each summing its images band by band into its own 16 position
    /// sums (`[Cout, Cin]` each, piece `p`'s at `p · 16 · Cout · Cin`), which the caller then adds in
    /// piece order. Each thread taking part calls `work` once and sets up its buffers once.
    struct WeightGradientPass {
        let input: UnsafePointer<Float>
        let gradOutput: UnsafePointer<Float>
        let sums: UnsafeMutablePointer<Float>
        let shape: PassShape

        var units: Int { ParallelLoop.imagePieces(batch: shape.batch) }

        /// One thread's share: the pieces `next` hands out until it returns nil.
        func work(_ next: () -> Int?) {
            guard var piece = next() else { return }
            let (inChannels, outChannels, geometry, plane) = (
                shape.inChannels, shape.outChannels, shape.geometry, shape.plane
            )
            let inputPlanes = geometry.allocatePlanes(inChannels)
            let gradientPlanes = geometry.allocatePlanes(outChannels)
            let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * inChannels * shape.bandTiles)
            let u = UnsafeMutablePointer<Float>.allocate(capacity: 16 * outChannels * shape.bandTiles)
            defer {
                inputPlanes.deallocate()
                gradientPlanes.deallocate()
                v.deallocate()
                u.deallocate()
            }
            let pairs = outChannels * inChannels
            while true {
                let images = ParallelLoop.range(piece, of: units, count: shape.batch)
                for image in images {
                    geometry.pad(
                        channels: inChannels, of: input + image * inChannels * plane, into: inputPlanes)
                    geometry.pad(
                        channels: outChannels, of: gradOutput + image * outChannels * plane,
                        into: gradientPlanes)
                    // Band by band of tile rows, as the forward pass, each band's sums added to the
                    // image's in band order.
                    for rows in geometry.bands(of: shape.bandRows) {
                        let tiles = rows.count * geometry.paddedTileColumns
                        for channel in 0..<inChannels {
                            transformInput(
                                inputPlanes + channel * geometry.paddedCount, geometry, tileRows: rows,
                                into: v + channel * tiles, positionStride: inChannels * tiles)
                        }
                        for channel in 0..<outChannels {
                            transformGradient(
                                gradientPlanes + channel * geometry.paddedCount, geometry, tileRows: rows,
                                into: u + channel * tiles, positionStride: outChannels * tiles)
                        }
                        let overwrites = image == images.lowerBound && rows.lowerBound == 0
                        for position in 0..<16 {
                            GEMM.multiply(
                                transposeA: false, transposeB: true, m: outChannels, n: inChannels, k: tiles,
                                alpha: 1, a: u + position * outChannels * tiles, lda: tiles,
                                b: v + position * inChannels * tiles, ldb: tiles, beta: overwrites ? 0 : 1,
                                c: sums + (piece * 16 + position) * pairs, ldc: inChannels,
                                splitsAcrossThreads: images.count == shape.batch)
                        }
                    }
                }
                guard let following = next() else { return }
                piece = following
            }
        }
    }
}
