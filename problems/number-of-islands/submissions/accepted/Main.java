import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        StringTokenizer st = new StringTokenizer(in.readLine());
        int r = Integer.parseInt(st.nextToken()), c = Integer.parseInt(st.nextToken());
        int w = c + 2;
        boolean[] g = new boolean[(r + 2) * w];  // border of water
        for (int i = 0; i < r; ) {
            String row = in.readLine().trim();
            if (row.isEmpty()) continue;
            int base = (i + 1) * w + 1;
            for (int j = 0; j < c; j++) g[base + j] = row.charAt(j) == '1';
            i++;
        }
        int[] stack = new int[g.length];
        int[] dirs = {-1, 1, -w, w};
        long islands = 0;
        for (int p = 0; p < g.length; p++) {
            if (!g[p]) continue;
            islands++;
            int top = 0;
            g[p] = false;
            stack[top++] = p;
            while (top > 0) {
                int q = stack[--top];
                for (int d : dirs) {
                    int nb = q + d;
                    if (g[nb]) {
                        g[nb] = false;
                        stack[top++] = nb;
                    }
                }
            }
        }
        System.out.println(islands);
    }
}
