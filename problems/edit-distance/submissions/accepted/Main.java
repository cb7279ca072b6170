import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) all.append(line).append('\n');
        StringTokenizer st = new StringTokenizer(all.toString());
        char[] a = st.nextToken().toCharArray(), b = st.nextToken().toCharArray();
        int n = a.length, m = b.length;
        int[] prev = new int[m + 1], cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int best = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                best = Math.min(best, prev[j] + 1);
                best = Math.min(best, cur[j - 1] + 1);
                cur[j] = best;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        System.out.println(prev[m]);
    }
}
