package dev.hubcrm.local;

import dev.hubcrm.config.AwsClients;
import dev.hubcrm.mail.SesMailer;
import dev.hubcrm.pacing.SendRate;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.SesFaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * SES v2 for the campaign tests that send real mail: moto behind a {@link SesFaultProxy} (faults set by
 * each test), the platform's sender identity created, and a client of the proxy for the local server.
 */
final class SesOnMoto implements AutoCloseable {
    final EmulatorProcess moto;
    final SesFaultProxy proxy;
    final SesV2Client client;

    private SesOnMoto(EmulatorProcess moto, SesFaultProxy proxy) {
        this.moto = moto;
        this.proxy = proxy;
        this.client = AwsClients.emulator(SesV2Client.builder(), proxy.endpoint());
        client.createEmailIdentity(r -> r.emailIdentity("wallet@hubcrm.invalid"));
    }

    /** {@code seed} makes which sends the proxy fails repeatable. */
    static SesOnMoto start(long seed) {
        EmulatorProcess moto = MotoServer.start();
        return new SesOnMoto(moto, SesFaultProxy.start(moto.endpoint(), seed));
    }

    /** A fresh in-memory local server whose mail goes through this SES at {@code rate} mails a second, all of it one hub's to take. */
    LocalServer localServer(double rate) throws IOException {
        return LocalServer.start(new LocalServer.Settings(0, null, true, "operator-" + UUID.randomUUID(), Duration.ZERO),
                new SesMailer(client), new SendRate(rate, 1));
    }

    /** How many mails moto kept for each address of a run ({@code ...-<run>@example.com}). */
    Map<String, Integer> mailsOfRun(String run) {
        Map<String, Integer> mails = new HashMap<>(MotoServer.mailsPerAddress(moto.endpoint()));
        mails.keySet().removeIf(address -> !address.endsWith("-" + run + "@example.com"));
        return mails;
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
        moto.close();
    }
}
