package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.broadcast.BroadcastSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests in deploy/kubernetes against the application's own configuration: the ports the
 * node listens on (application.conf and cluster.conf, with the ConfigMap's values as its
 * environment), the paths it answers probes on, and the labels that tie Deployment, Service,
 * PodDisruptionBudget and NetworkPolicy together. A port or label changed in one place fails here.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("deploy", "kubernetes");
  /** OperatorRoutes: the node's readiness on its HTTP port (database and cluster). */
  private static final String READY_PATH = "/ready";

  private record Manifest(Path file, Map<String, Object> doc) {
    String kind() {
      return (String) doc.get("kind");
    }

    String name() {
      return (String) map(doc, "metadata").get("name");
    }
  }

  private static final List<Manifest> MANIFESTS = readAll();
  private static final Map<String, Object> DEPLOYMENT = only("Deployment").doc();
  private static final Map<String, Object> POD = map(map(map(DEPLOYMENT, "spec"), "template"), "spec");
  private static final Map<String, Object> CONTAINER = maps(POD, "containers").get(0);
  private static final Map<String, Object> POD_LABELS = map(map(map(DEPLOYMENT, "spec"), "template"), "metadata");
  private static final Config APP = applicationConfig();

  @Test
  void everyManifestParsesAndTheKustomizationListsTheFilesThatExist() throws IOException {
    for (Manifest m : MANIFESTS) {
      assertNotNull(m.doc().get("apiVersion"), m.file() + ": apiVersion");
      assertNotNull(m.kind(), m.file() + ": kind");
      assertNotNull(m.name(), m.file() + ": metadata.name");
    }
    Map<String, Object> kustomization = read(DIR.resolve("kustomization.yaml")).get(0);
    List<String> resources = strings(kustomization, "resources");
    for (String resource : resources) assertTrue(Files.exists(DIR.resolve(resource)), "kustomization.yaml lists a missing " + resource);
    assertFalse(resources.stream().anyMatch(r -> r.contains("secret")), "apply -k must never overwrite the real Secret with placeholders");
    for (String kind : List.of("Deployment", "Service", "ServiceAccount", "Role", "RoleBinding", "PodDisruptionBudget", "NetworkPolicy", "ConfigMap")) {
      assertTrue(resources.contains(only(kind).file().getFileName().toString()), "kustomization.yaml applies the " + kind);
    }
  }

  @Test
  void containerPortsAreThePortsTheNodeListensOn() {
    assertEquals(APP.getInt("chaupal.http.port"), containerPort("http"));
    assertEquals(APP.getInt("akka.management.http.port"), containerPort("management"), "cluster bootstrap looks for the port named management");
    assertEquals(APP.getInt("akka.remote.artery.canonical.port"), containerPort("remoting"));
  }

  @Test
  void probesAskTheNodesOwnPathsOnItsOwnPorts() {
    Map<String, Object> readiness = map(map(CONTAINER, "readinessProbe"), "httpGet");
    assertEquals(READY_PATH, readiness.get("path"));
    assertEquals(APP.getInt("chaupal.http.port"), port(readiness.get("port")), "readiness is the node's /ready, which knows the database");
    Map<String, Object> liveness = map(map(CONTAINER, "livenessProbe"), "httpGet");
    assertEquals("/" + APP.getString("akka.management.health-checks.liveness-path"), liveness.get("path"));
    assertEquals(APP.getInt("akka.management.http.port"), port(liveness.get("port")));
  }

  @Test
  void theServiceSendsToTheHttpPortOfTheDeploymentsPods() {
    Map<String, Object> spec = map(only("Service").doc(), "spec");
    assertSelects(map(spec, "selector"), "Service");
    List<Map<String, Object>> ports = maps(spec, "ports");
    assertEquals(1, ports.size(), "only HTTP is published; remoting and management stay between the pods");
    assertEquals(APP.getInt("chaupal.http.port"), port(ports.get(0).get("targetPort")));
  }

  @Test
  void deploymentPodDisruptionBudgetAndNetworkPolicySelectTheSamePods() {
    Map<String, Object> spec = map(DEPLOYMENT, "spec");
    assertSelects(map(map(spec, "selector"), "matchLabels"), "Deployment");
    assertSelects(map(map(map(only("PodDisruptionBudget").doc(), "spec"), "selector"), "matchLabels"), "PodDisruptionBudget");
    assertSelects(map(map(map(only("NetworkPolicy").doc(), "spec"), "podSelector"), "matchLabels"), "NetworkPolicy");
    for (Map<String, Object> spread : maps(POD, "topologySpreadConstraints")) {
      assertSelects(map(map(spread, "labelSelector"), "matchLabels"), "topologySpreadConstraints");
    }
    assertEquals(1, map(only("PodDisruptionBudget").doc(), "spec").get("maxUnavailable"), "one pod at a time keeps the majority of three");
  }

  @Test
  void theNetworkPolicyOpensHttpToAllAndRemotingAndManagementOnlyToThePods() {
    Map<String, Object> spec = map(only("NetworkPolicy").doc(), "spec");
    assertEquals(List.of("Ingress", "Egress"), spec.get("policyTypes"));
    int http = APP.getInt("chaupal.http.port");
    List<Integer> internal = List.of(APP.getInt("akka.remote.artery.canonical.port"), APP.getInt("akka.management.http.port"));
    for (Map<String, Object> rule : maps(spec, "ingress")) {
      List<Integer> ports = maps(rule, "ports").stream().map(p -> port(p.get("port"))).toList();
      if (rule.get("from") == null) {
        assertEquals(List.of(http), ports, "only HTTP is open to anyone");
      } else {
        assertEquals(internal, ports);
        assertOnlyThePods(rule, "from");
      }
    }
    assertTrue(maps(spec, "ingress").stream().anyMatch(r -> r.get("from") == null), "HTTP (webhooks, console) is open");
    List<Map<String, Object>> egress = maps(spec, "egress");
    assertTrue(egress.stream().anyMatch(r -> r.get("to") != null && portsOf(r).equals(internal)), "the pods reach each other");
    egress.stream().filter(r -> portsOf(r).equals(internal)).forEach(r -> assertOnlyThePods(r, "to"));
    for (int port : List.of(5432, 443, 53)) {
      assertTrue(egress.stream().anyMatch(r -> portsOf(r).contains(port)), "egress to port " + port);
    }
  }

  @Test
  void bootstrapFindsThePodsThroughTheKubernetesApi() {
    assertEquals("kubernetes-api", APP.getString("chaupal.cluster.discovery"), "Main starts cluster bootstrap for this value only");
    String method = APP.getString("akka.management.cluster.bootstrap.contact-point-discovery.discovery-method");
    if (method.equals("akka.discovery")) method = APP.getString("akka.discovery.method");
    assertTrue(APP.hasPath("akka.discovery." + method + ".class"), "bootstrap's discovery method " + method + " is no discovery");
    assertEquals("kubernetes-api", method);
    String selector = String.format(APP.getString("akka.discovery.kubernetes-api.pod-label-selector"),
        APP.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
    String[] label = selector.split("=", 2);
    assertEquals(label[1], labels().get(label[0]), "discovery lists the pods labelled " + selector);
    int replicas = (Integer) map(DEPLOYMENT, "spec").get("replicas");
    assertTrue(APP.getInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr") <= replicas,
        "bootstrap waits for more pods than the Deployment runs");
    assertEquals(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")), env("CHAUPAL_REMOTE_HOST"), "remoting on the pod's address");
    assertEquals(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")), env("CHAUPAL_MANAGEMENT_HOST"), "management on the pod's address");
  }

  @Test
  void theServiceAccountMayListThePodsOfItsNamespace() {
    String account = (String) POD.get("serviceAccountName");
    assertEquals(account, only("ServiceAccount").name());
    Map<String, Object> rule = maps(only("Role").doc(), "rules").get(0);
    assertEquals(List.of("pods"), rule.get("resources"));
    assertTrue(strings(rule, "verbs").containsAll(List.of("get", "list", "watch")));
    Map<String, Object> binding = only("RoleBinding").doc();
    assertEquals(only("Role").name(), map(binding, "roleRef").get("name"));
    assertEquals(List.of(account), maps(binding, "subjects").stream().map(s -> s.get("name")).toList());
  }

  @Test
  void cpuIsRequestedNotLimitedAndTheHeapFollowsTheMemoryLimit() {
    Map<String, Object> resources = map(CONTAINER, "resources");
    assertNotNull(map(resources, "requests").get("cpu"), "a CPU request places the pod");
    assertNull(map(resources, "limits").get("cpu"), "a CPU limit throttles the JVM in bursts");
    assertNotNull(map(resources, "limits").get("memory"), "MaxRAMPercentage needs a memory limit to follow");
    assertTrue(configMap().getOrDefault("JAVA_TOOL_OPTIONS", "").contains("-XX:MaxRAMPercentage="));
  }

  @Test
  void aStoppingPodHasTheTimeCoordinatedShutdownMayTake() {
    long grace = ((Number) POD.get("terminationGracePeriodSeconds")).longValue();
    assertTrue(grace >= ShutdownTime.worstCase(APP).toSeconds(),
        "terminationGracePeriodSeconds " + grace + " < coordinated shutdown's " + ShutdownTime.worstCase(APP).toSeconds() + " s");
  }

  @Test
  void theSecretExampleHoldsPlaceholdersOnly() throws IOException {
    Map<String, Object> secret = read(DIR.resolve("secret.example.yaml")).get(0);
    assertEquals(envFromNames("secretRef"), List.of(map(secret, "metadata").get("name")));
    map(secret, "stringData").forEach((key, value) -> {
      if (key.matches(".*(PASSWORD|SECRET|TOKEN).*")) assertTrue(value.toString().startsWith("change-me"), key + " is a placeholder");
    });
    assertEquals(envFromNames("configMapRef"), List.of(only("ConfigMap").name()));
  }

  @Test
  void podsLogJsonLinesForTheClustersLogCollector() {
    // CHAUPAL_LOG_FORMAT: "json" (any case), as another value stops the start.
    assertEquals("json", configMap().get("CHAUPAL_LOG_FORMAT"), "JSON lines with UTC time and masked numbers");
  }

  @Test
  void campaignsKeepToAFixedPortfolioLimitAndTheMissedCallEntryHasItsSecret() throws IOException {
    BroadcastSettings broadcast = BroadcastSettings.from(APP.getConfig("chaupal.broadcast"));
    assertTrue(broadcast.dailyUniqueUsers() > 0, "Meta starts a portfolio at 250 unique users a day; unlimited is for the deployer to choose");
    for (String category : List.of("MARKETING", "UTILITY")) {
      assertTrue(configMap().containsKey("CHAUPAL_RATE_" + category), "the rate card's " + category + " rate, for estimates and costs");
    }
    Map<String, Object> secret = map(read(DIR.resolve("secret.example.yaml")).get(0), "stringData");
    assertTrue(secret.containsKey("CHAUPAL_MISSED_CALL_SECRET"), "without it POST /webhooks/missed-call answers 503");
  }

  // ---- reading ----

  /** application.conf as a pod runs it: the ConfigMap's values and the container's plain env as environment variables. */
  private static Config applicationConfig() {
    Map<String, Object> env = new HashMap<>(configMap());
    for (Map<String, Object> e : maps(CONTAINER, "env")) {
      if (e.get("value") != null) env.put((String) e.get("name"), e.get("value"));
    }
    return ConfigFactory.parseMap(env).withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static Map<String, String> configMap() {
    Map<String, String> data = new HashMap<>();
    map(only("ConfigMap").doc(), "data").forEach((k, v) -> data.put(k, String.valueOf(v)));
    return data;
  }

  private static List<Manifest> readAll() {
    try (Stream<Path> files = Files.walk(DIR)) {
      List<Manifest> all = new ArrayList<>();
      // kustomization.yaml is kustomize's own file, not an object of the cluster.
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
        for (Map<String, Object> doc : read(file)) all.add(new Manifest(file, doc));
      }
      return all;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DIR.toAbsolutePath(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object doc : new Yaml().loadAll(r)) if (doc != null) docs.add((Map<String, Object>) doc);
      return docs;
    }
  }

  /** The one object of this kind that kustomization.yaml applies (the examples under postgres/ are not). */
  private static Manifest only(String kind) {
    List<Manifest> found = MANIFESTS.stream().filter(m -> kind.equals(m.kind()) && m.file().getParent().equals(DIR)
        && !m.file().getFileName().toString().contains("example")).toList();
    assertEquals(1, found.size(), "one " + kind + " in " + DIR);
    return found.get(0);
  }

  private int containerPort(String name) {
    return maps(CONTAINER, "ports").stream().filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
        .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  /** A port by number or by the container port's name. */
  private int port(Object port) {
    return port instanceof Integer number ? number : containerPort((String) port);
  }

  private List<Integer> portsOf(Map<String, Object> rule) {
    return rule.get("ports") == null ? List.of() : maps(rule, "ports").stream().map(p -> port(p.get("port"))).toList();
  }

  private static Map<String, Object> labels() {
    return map(POD_LABELS, "labels");
  }

  private static void assertSelects(Map<String, Object> selector, String what) {
    assertFalse(selector.isEmpty(), what + " selects something");
    selector.forEach((k, v) -> assertEquals(v, labels().get(k), what + " selects " + k + "=" + v + ", the pods are labelled " + labels()));
  }

  private static void assertOnlyThePods(Map<String, Object> rule, String direction) {
    for (Map<String, Object> peer : maps(rule, direction)) {
      assertEquals(List.of("podSelector"), List.copyOf(peer.keySet()), "only Chaupal's pods, no namespace or address");
      assertSelects(map(map(peer, "podSelector"), "matchLabels"), "NetworkPolicy " + direction);
    }
  }

  private static Object env(String name) {
    return maps(CONTAINER, "env").stream().filter(e -> name.equals(e.get("name"))).map(e -> e.get("valueFrom")).filter(Objects::nonNull)
        .findFirst().orElse(null);
  }

  private static List<Object> envFromNames(String ref) {
    return maps(CONTAINER, "envFrom").stream().filter(e -> e.get(ref) != null).map(e -> map(e, ref).get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertNotNull(value, "missing " + key);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertNotNull(value, "missing " + key);
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> parent, String key) {
    return (List<String>) parent.get(key);
  }
}
