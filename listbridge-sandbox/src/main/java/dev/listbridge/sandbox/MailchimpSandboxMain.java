package dev.listbridge.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox in its own process until it is stopped:
 * {@code java -cp ... dev.listbridge.sandbox.MailchimpSandboxMain [--port N]} (default 0, a free port).
 * Prints the base URL and the key; drive it through its control API (README.md).
 */
public final class MailchimpSandboxMain {
    private MailchimpSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        for (int index = 0; index < args.length; index++) {
            if (args[index].equals("--port") && index + 1 < args.length) {
                port = Integer.parseInt(args[++index]);
            } else {
                System.err.println("usage: MailchimpSandboxMain [--port N]");
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
        stopped.await();
    }
}
