import ArgumentParser
import ArtifactStore
import CanonicalJSON
import Engine
import Evaluation
import Foundation
import Imaging

// Entry point: parse, run, and turn every failure into one `error:` line and a non-zero exit.
do {
    var command = try MSDB.parseAsRoot(GlobalOptions.hoistingDatabaseOption(CommandLine.arguments))
    try command.run()
} catch let exitCode as ExitCode {
    exit(exitCode.rawValue)
} catch let error as StoreError {
    CommandOutput.fail(error.description)
} catch let error as CanonicalJSONError {
    CommandOutput.fail(error.description)
} catch let error as ImagingError {
    CommandOutput.fail(error.description)
} catch let error as EvaluationError {
    CommandOutput.fail(error.description)
} catch let error as EngineError {
    CommandOutput.fail(error.description)
} catch let error as CLIError {
    CommandOutput.fail(error.description)
} catch {
    let code = MSDB.exitCode(for: error)
    if code == .success {
        print(MSDB.fullMessage(for: error))
        exit(0)
    }
    let message = MSDB.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    let text = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
    let lowered = (text.first.map { String($0).lowercased() } ?? "") + text.dropFirst()
    CommandOutput.fail(lowered + " (see 'msdb --help')", code: code.rawValue)
}
