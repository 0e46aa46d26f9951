package dev.listbridge.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox in its own process until it is stopped:
 * {@code java -cp ... dev.listbridge.sandbox.MailchimpSandboxMain [--port N] [--stop-on-eof]} (port 0, the
 * default, picks a free one). Prints the base URL and the key; drive it through its control API (README.md).
 * With {@code --stop-on-eof} it also stops when its standard input ends: a parent that started it with a
 * pipe (a benchmark) takes it down even when the parent is killed without running its own clean-up.
 */
public final class MailchimpSandboxMain {
    private MailchimpSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        boolean stopOnEof = false;
        for (int index = 0; index < args.length; index++) {
            if (args[index].equals("--port") && index + 1 < args.length) {
                port = Integer.parseInt(args[++index]);
            } else if (args[index].equals("--stop-on-eof")) {
                stopOnEof = true;
            } else {
                System.err.println("usage: MailchimpSandboxMain [--port N] [--stop-on-eof]");
                System.exit(2);
            }
        }
        MailchimpSandbox sandbox = MailchimpSandbox.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "listbridge-sandbox-shutdown"));
        System.out.println("Mailchimp sandbox: " + sandbox.baseUrl() + "  API key: " + sandbox.apiKey());
        System.out.println("Control API: http://127.0.0.1:" + sandbox.port() + "/_sandbox/");
        System.out.flush();
        if (stopOnEof) {
            Thread watcher = new Thread(MailchimpSandboxMain::exitAtEndOfInput, "listbridge-sandbox-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    private static void exitAtEndOfInput() {
        try {
            while (System.in.read() >= 0) {
                // input is ignored; only its end matters
            }
        } catch (java.io.IOException closed) {
            // a broken pipe ends the input as well
        }
        System.exit(0);
    }
}
