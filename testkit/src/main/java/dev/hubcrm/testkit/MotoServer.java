package dev.hubcrm.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * moto's server mode (AWS emulator, {@code moto[server]} from the project's .venv) on a free
 * loopback port, for the services no in-process emulator covers (SES v2, S3). Fails, never skips,
 * when {@code moto_server} is missing: {@code ./dev test} installs it.
 */
public final class MotoServer {
    private MotoServer() {
    }

    public static EmulatorProcess start() {
        return EmulatorProcess.start(executable(), port -> List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
    }

    /** moto_server in $HUBCRM_VENV/bin (set by ./dev test), else on the PATH. */
    private static Path executable() {
        String venv = System.getenv("HUBCRM_VENV");
        return EmulatorProcess.find(venv == null ? null : Path.of(venv, "bin", "moto_server"), "moto_server",
                "moto_server not found in $HUBCRM_VENV/bin or on PATH: run ./dev test (it installs moto[server] into .venv)");
    }
}
