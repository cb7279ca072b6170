import java.io.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long lo = 1, hi = 1_000_000;
        while (lo <= hi) {
            long mid = (lo + hi) / 2;
            out.println(mid);
            out.flush();
            String answer = in.readLine();
            if (answer == null || answer.trim().equals("correct")) break;
            if (answer.trim().equals("higher")) lo = mid + 1;
            else hi = mid - 1;
        }
    }
}
