import java.io.*;
import java.util.*;

public class Main {
    static long[] hkey;
    static int[] hval;
    static int hsize;

    static void push(long k, int v) {
        int i = hsize++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (hkey[p] <= k) break;
            hkey[i] = hkey[p];
            hval[i] = hval[p];
            i = p;
        }
        hkey[i] = k;
        hval[i] = v;
    }

    static void pop() {
        long k = hkey[--hsize];
        int v = hval[hsize], i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= hsize) break;
            if (c + 1 < hsize && hkey[c + 1] < hkey[c]) c++;
            if (hkey[c] >= k) break;
            hkey[i] = hkey[c];
            hval[i] = hval[c];
            i = c;
        }
        hkey[i] = k;
        hval[i] = v;
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), m = readInt(in);
        int[] eu = new int[m], ev = new int[m], ew = new int[m];
        int[] start = new int[n + 2];
        for (int i = 0; i < m; i++) {
            eu[i] = readInt(in);
            ev[i] = readInt(in);
            ew[i] = readInt(in);
            start[eu[i] + 1]++;
        }
        for (int i = 1; i <= n + 1; i++) start[i] += start[i - 1];
        int[] to = new int[m], wt = new int[m], fill = start.clone();
        for (int i = 0; i < m; i++) {
            int p = fill[eu[i]]++;
            to[p] = ev[i];
            wt[p] = ew[i];
        }
        long[] dist = new long[n + 1];
        Arrays.fill(dist, -1);
        hkey = new long[m + 2];
        hval = new int[m + 2];
        dist[1] = 0;
        push(0, 1);
        while (hsize > 0) {
            long d = hkey[0];
            int u = hval[0];
            pop();
            if (d != dist[u]) continue;
            for (int p = start[u]; p < start[u + 1]; p++) {
                int v = to[p];
                long nd = d + wt[p];
                if (dist[v] < 0 || nd < dist[v]) {
                    dist[v] = nd;
                    push(nd, v);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.append(dist[i]).append(i < n ? ' ' : '\n');
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        out.print(sb);
        out.flush();
    }

    static int readInt(DataInputStream in) throws IOException {
        int c = in.read();
        while (c != '-' && (c < '0' || c > '9')) c = in.read();
        boolean neg = c == '-';
        if (neg) c = in.read();
        int v = 0;
        while (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            c = in.read();
        }
        return neg ? -v : v;
    }
}
