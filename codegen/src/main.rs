fn main() -> std::process::ExitCode {
    codegen::cli::main()
}
