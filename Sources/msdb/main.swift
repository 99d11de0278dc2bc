import ArgumentParser
import Foundation
import Jobs
import Reproduction
import Runs

#if canImport(CMalloc)
    import CMalloc
#endif

#if canImport(CMalloc)
    // Keep large tensors on the heap: with glibc's defaults every buffer over the mmap threshold is a
    // fresh mapping whose pages fault in on first touch and are unmapped on free, and a training step
    // allocates hundreds of them. Measured on `msdb bench train --steps 5` (2 cores, load ≈ 2): train
    // 7.6 → 10.6 img/s (1 thread) and 6.9 → 15.8 (2 threads), inference 18.4 → 30.9 and 16.7 → 44.6;
    // peak RSS unchanged (265 MiB). Numerics are unaffected.
    mallopt(M_MMAP_MAX, 0)
    mallopt(M_TRIM_THRESHOLD, Int32.max)
#endif

// Entry point: parse, run, and turn every failure into one `error:` line and a non-zero exit.
do {
    defer { OpenStores.closeAll() }
    if let problem = CheckpointCadence.environmentProblem() { CommandOutput.fail(problem) }
    var command = try GlobalOptions.parseCommand(CommandLine.arguments)
    try command.run()
} catch let exitCode as ExitCode {
    exit(exitCode.rawValue)
} catch let error as any UserFacingError {
    CommandOutput.fail(error.description)
} catch {
    let code = MSDB.exitCode(for: error)
    if code == .success {
        print(MSDB.fullMessage(for: error))
        exit(0)
    }
    // One line: ArgumentParser's list of valid values (one "- value" line each) is folded into it.
    let lines = MSDB.message(for: error).split(separator: "\n").map(String.init)
    let choices = lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        $0.hasPrefix("- ")
    }
    var message = lines.first ?? "\(error)"
    if !choices.isEmpty { message += " " + choices.map { String($0.dropFirst(2)) }.joined(separator: ", ") }
    let text = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
    let lowered = (text.first.map { String($0).lowercased() } ?? "") + text.dropFirst()
    CommandOutput.fail(lowered + " (see 'msdb --help')", code: code.rawValue)
}
