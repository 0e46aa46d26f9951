package dev.listbridge.sandbox.internal.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** Writes answers: whole, cut in half, or not at all (a dropped connection). */
final class ResponseWriter {
    private ResponseWriter() {
    }

    static void write(Context ctx, ApiReply reply) {
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (reply.contentType() != null) {
            ctx.contentType(reply.contentType());
        }
        if (reply.body().length > 0) {
            ctx.result(reply.body());
        }
    }

    /**
     * Valid headers announcing the whole body, half of it, then the connection closes: what a
     * client sees when a proxy or the network cuts an answer short.
     */
    static void truncated(Context ctx, ApiReply reply) {
        HttpServletResponse response = ctx.res();
        response.setStatus(reply.status());
        reply.headers().forEach(response::setHeader);
        if (reply.contentType() != null) {
            response.setContentType(reply.contentType());
        }
        response.setContentLength(reply.body().length);
        try {
            OutputStream out = response.getOutputStream();
            out.write(reply.body(), 0, reply.body().length / 2);
            out.flush();
        } catch (IOException clientGone) {
            throw new UncheckedIOException(clientGone);
        }
        dropConnection(ctx);
    }

    /** Closes the socket under the request: the client gets no answer and sees an IOException. */
    static void dropConnection(Context ctx) {
        ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint().close();
    }
}
