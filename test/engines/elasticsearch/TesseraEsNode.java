// Test infrastructure, not product code: starts one Elasticsearch 7.17 node from the Maven Central jars in lib/
// (resolved by pom.xml), so the engine suites run against a real Elasticsearch without a distribution tarball.
// Run with the single-file source launcher: java -cp 'lib/*' TesseraEsNode.java <home-dir> <http-port-range>
// It writes the bound HTTP address to <home-dir>/http.url once the node accepts requests.

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.reindex.ReindexPlugin;
import org.elasticsearch.transport.Netty4Plugin;

public class TesseraEsNode {

    /** Node's plugin-taking constructor is protected: the distribution reaches it through its bootstrap, we through a subclass. */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "es-home").toAbsolutePath();
        String httpPort = args.length > 1 ? args[1] : "9200-9299";
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("plugins"));
        Files.deleteIfExists(home.resolve("http.url"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "tessera-test")
            .put("node.name", "tessera-test-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", "9300-9399")
            .put("discovery.type", "single-node")
            // A developer disk that is 90% full must not turn every index read-only during tests.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .build();

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("tessera-test-node");
        LogConfigurator.configureWithoutConfig(settings);

        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), home.resolve("config"), () -> "tessera-test-node");
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, ReindexPlugin.class);
        Node node = new ClasspathPluginNode(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();

        TransportAddress bound = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        String url = "http://" + bound.getAddress() + ":" + bound.getPort();
        // Write then rename, so a reader never sees half a URL.
        Path tmp = home.resolve("http.url.tmp");
        Files.writeString(tmp, url + "\n");
        Files.move(tmp, home.resolve("http.url"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("tessera-es-node listening on " + url);
        stopped.await();
    }
}
