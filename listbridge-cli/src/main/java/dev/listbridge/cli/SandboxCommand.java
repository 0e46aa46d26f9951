package dev.listbridge.cli;

import dev.listbridge.sandbox.MailchimpSandbox;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Runs the Mailchimp API simulator on a loopback port until stopped (Ctrl-C).")
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9000", description = "the port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--list", paramLabel = "ID", description = "create an audience with this id (10 hex characters)")
    String listId;

    @Override
    public Integer call() throws InterruptedException {
        MailchimpSandbox sandbox = MailchimpSandbox.start(port);
        if (listId != null) {
            sandbox.createList(listId, "Sandbox audience", true);
        }
        var out = spec.commandLine().getOut();
        out.println("Mailchimp sandbox on " + sandbox.baseUrl());
        out.println("  apiKey:  " + sandbox.apiKey());
        if (listId != null) {
            out.println("  list:    " + listId);
        }
        out.println("  control: http://127.0.0.1:" + sandbox.port() + "/_sandbox/ (see listbridge-sandbox/README.md)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "listbridge-sandbox-shutdown"));
        stopped.await();
        return ExitCodes.DONE;
    }
}
