package chaupal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the browser and the node that a test can cut: {@link #down()} closes every
 * connection through it and refuses new ones, as a phone losing its network does; {@link #up()}
 * lets the browser reconnect. Chromium's offline emulation leaves an open event stream alone, this does not.
 */
final class DroppableLink implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  DroppableLink(int target) {
    this.target = target;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  void down() {
    down = true;
    open.forEach(DroppableLink::quietly);
    open.clear();
  }

  void up() {
    down = false;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket browser = listener.accept();
        if (down) {
          quietly(browser);
          continue;
        }
        Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(browser);
        open.add(node);
        daemon(() -> pump(browser, node));
        daemon(() -> pump(node, browser));
      } catch (IOException e) {
        if (!listener.isClosed()) continue;
      }
    }
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "droppable-link");
    thread.setDaemon(true);
    thread.start();
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException closed) {
      // one side went away: the other goes too
    } finally {
      quietly(from);
      quietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    down();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
