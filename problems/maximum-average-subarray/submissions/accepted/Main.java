import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        StreamTokenizer in = new StreamTokenizer(new BufferedReader(new InputStreamReader(System.in)));
        in.nextToken();
        int n = (int) in.nval;
        in.nextToken();
        int k = (int) in.nval;
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            in.nextToken();
            a[i] = (long) in.nval;
        }
        long sum = 0;
        for (int i = 0; i < k; i++) sum += a[i];
        long best = sum;
        for (int i = k; i < n; i++) {
            sum += a[i] - a[i - k];
            best = Math.max(best, sum);
        }
        // Locale.ROOT: always a decimal point, whatever the machine's locale.
        System.out.println(String.format(Locale.ROOT, "%.7f", (double) best / k));
    }
}
