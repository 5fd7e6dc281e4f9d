package dev.lectern.system;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before any servlet sees them (a NUL or an encoded slash in the path, say)
 * are answered by the host's error report valve, not by Spring MVC or {@link ErrorFallbackController}.
 * This valve answers them as problem details too, instead of Tomcat's HTML page.
 */
@Component
class TomcatProblemDetails implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve); // Boot's HTML one
                }
            }
            pipeline.addValve(new ProblemReportValve());
            if (host instanceof StandardHost standard) {
                // so the host does not add its default HTML valve when it starts
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** After Boot's own customizer, which installs the valve this one replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String detail = status == 400
                    ? "the request could not be parsed (a malformed URL or header, such as a NUL or an encoded slash in the path)"
                    : Problems.titleFor(status);
            String body = "{\"type\":\"about:blank\",\"title\":\"" + Problems.titleFor(status) + "\",\"status\":"
                    + status + ",\"detail\":\"" + detail + "\",\"code\":\""
                    + Problems.codeFor(HttpStatusCode.valueOf(status)) + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response is already on its way: nothing more to say
            }
        }
    }
}
