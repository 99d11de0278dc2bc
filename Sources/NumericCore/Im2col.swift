/// The im2col and col2im transforms of one image, used to turn a convolution into one GEMM.
///
/// For an image `[C, H, W]` and a `kh × kw` kernel, the column matrix has shape
/// `[C · kh · kw, Ho · Wo]`: row `(c · kh + i) · kw + j` holds, for every output position
/// `(oh, ow)`, the input value at `(c, oh · s − p + i · d, ow · s − p + j · d)`, or 0 where that
/// falls in the zero padding. `col2im` is the adjoint: it adds each column entry back onto the input
/// position it was read from (overlapping windows accumulate).
enum Im2col {
    /// Shapes and hyper-parameters of one transform.
    struct Layout {
        var channels: Int
        var height: Int
        var width: Int
        var kernelHeight: Int
        var kernelWidth: Int
        var stride: Int
        var padding: Int
        var dilation: Int
        var outputHeight: Int
        var outputWidth: Int

        /// Rows of the column matrix: `C · kh · kw`.
        var rows: Int { channels * kernelHeight * kernelWidth }
        /// Columns of the column matrix: `Ho · Wo`.
        var columns: Int { outputHeight * outputWidth }

        /// The half-open range of `ow` whose input column `ow · s + offset` lies in `0..<W`, within
        /// `0..<Wo` (empty, at `Wo`, when a tap falls in the padding for every output column).
        func validOutputColumns(offset: Int) -> Range<Int> {
            let low = Swift.min(outputWidth, Swift.max(0, ceilDivide(-offset, stride)))
            let high = Swift.min(outputWidth, floorDivide(width - 1 - offset, stride) + 1)
            return low..<Swift.max(low, high)
        }
    }

    /// Writes the column matrix of `image` (`[C, H, W]`) into `columns` (`[C·kh·kw, Ho·Wo]`).
    static func im2col(
        _ image: UnsafePointer<Float>, _ layout: Layout, into columns: UnsafeMutablePointer<Float>
    ) {
        im2col(image, layout, outputRows: 0..<layout.outputHeight, into: columns)
    }

    /// Writes the columns of the output rows `outputRows` only: a `[C·kh·kw, R·Wo]` matrix for
    /// `R = outputRows.count`, the same values as those columns of the whole column matrix.
    static func im2col(
        _ image: UnsafePointer<Float>, _ layout: Layout, outputRows: Range<Int>,
        into columns: UnsafeMutablePointer<Float>
    ) {
        let outW = layout.outputWidth
        let stride = layout.stride
        let tileColumns = outputRows.count * outW
        for channel in 0..<layout.channels {
            let plane = image + channel * layout.height * layout.width
            for i in 0..<layout.kernelHeight {
                for j in 0..<layout.kernelWidth {
                    let row = ((channel * layout.kernelHeight + i) * layout.kernelWidth + j) * tileColumns
                    let offsetW = j * layout.dilation - layout.padding
                    let valid = layout.validOutputColumns(offset: offsetW)
                    if stride == 1 && outW == layout.width {
                        shiftedPlane(
                            plane, layout, kernelRow: i, offsetW: offsetW, valid: valid,
                            outputRows: outputRows, into: columns + row)
                        continue
                    }
                    for oh in outputRows {
                        let target = columns + row + (oh - outputRows.lowerBound) * outW
                        let ih = oh * stride - layout.padding + i * layout.dilation
                        guard ih >= 0 && ih < layout.height else {
                            target.update(repeating: 0, count: outW)
                            continue
                        }
                        target.update(repeating: 0, count: valid.lowerBound)
                        (target + valid.upperBound).update(repeating: 0, count: outW - valid.upperBound)
                        let source = plane + ih * layout.width + offsetW
                        if stride == 1 {
                            (target + valid.lowerBound).update(
                                from: source + valid.lowerBound, count: valid.count)
                        } else {
                            for ow in valid {
                                target[ow] = source[ow * stride]
                            }
                        }
                    }
                }
            }
        }
    }

    /// One row of the column matrix when the stride is 1 and `Wo == W`: the plane shifted by
    /// `(ih − oh, offsetW)`, copied in one block (source and target rows have the same length), after
    /// which the columns that fall in the zero padding are cleared row by row. Only in-plane values
    /// are read: the block starts at the first valid column of the first valid row and ends after the
    /// last valid column of the last valid row.
    @inline(__always)
    private static func shiftedPlane(
        _ plane: UnsafePointer<Float>, _ layout: Layout, kernelRow i: Int, offsetW: Int, valid: Range<Int>,
        outputRows: Range<Int>, into target: UnsafeMutablePointer<Float>
    ) {
        let outW = layout.outputWidth
        let shiftH = i * layout.dilation - layout.padding
        // Tile rows r (output row outputRows.lowerBound + r) with 0 ≤ oh + shiftH < H.
        let rowCount = outputRows.count
        let shift = outputRows.lowerBound + shiftH
        let firstRow = Swift.min(rowCount, Swift.max(0, -shift))
        let endRow = Swift.max(firstRow, Swift.min(rowCount, layout.height - shift))
        guard firstRow < endRow && !valid.isEmpty else {
            target.update(repeating: 0, count: rowCount * outW)
            return
        }
        target.update(repeating: 0, count: firstRow * outW)
        let start = firstRow * outW + valid.lowerBound
        let end = (endRow - 1) * outW + valid.upperBound
        (target + start).update(from: plane + (start + shift * outW + offsetW), count: end - start)
        if !valid.isEmpty && (valid.lowerBound > 0 || valid.upperBound < outW) {
            for r in firstRow..<endRow {
                let line = target + r * outW
                line.update(repeating: 0, count: valid.lowerBound)
                (line + valid.upperBound).update(repeating: 0, count: outW - valid.upperBound)
            }
        }
        (target + endRow * outW).update(repeating: 0, count: (rowCount - endRow) * outW)
    }

    /// Adds the column matrix `columns` (`[C·kh·kw, Ho·Wo]`) back onto `image` (`[C, H, W]`).
    /// `image` is accumulated into, not overwritten.
    static func col2im(
        _ columns: UnsafePointer<Float>, _ layout: Layout, into image: UnsafeMutablePointer<Float>
    ) {
        let outW = layout.outputWidth
        let stride = layout.stride
        for channel in 0..<layout.channels {
            let plane = image + channel * layout.height * layout.width
            for i in 0..<layout.kernelHeight {
                for j in 0..<layout.kernelWidth {
                    let row = ((channel * layout.kernelHeight + i) * layout.kernelWidth + j) * layout.columns
                    let offsetW = j * layout.dilation - layout.padding
                    let valid = layout.validOutputColumns(offset: offsetW)
                    for oh in 0..<layout.outputHeight {
                        let ih = oh * stride - layout.padding + i * layout.dilation
                        guard ih >= 0 && ih < layout.height else { continue }
                        let source = columns + row + oh * outW
                        let target = plane + ih * layout.width + offsetW
                        if stride == 1 {
                            Lanes.add(
                                source + valid.lowerBound, into: target + valid.lowerBound, count: valid.count
                            )
                        } else {
                            for ow in valid {
                                target[ow * stride] += source[ow]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// ⌊a / b⌋ for `b > 0` and any sign of `a`.
func floorDivide(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// ⌈a / b⌉ for `b > 0` and any sign of `a`.
func ceilDivide(_ a: Int, _ b: Int) -> Int {
    -floorDivide(-a, b)
}
