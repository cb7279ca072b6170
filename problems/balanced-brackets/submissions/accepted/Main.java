import java.io.*;
import java.util.*;

public class Main {
    static boolean balanced(String s, char[] stack) {
        int top = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                stack[top++] = c;
            } else {
                char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (top == 0 || stack[top - 1] != open) return false;
                top--;
            }
        }
        return top == 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        int t = Integer.parseInt(in.readLine().trim());
        char[] stack = new char[1000000];
        StringBuilder out = new StringBuilder();
        for (int done = 0; done < t; ) {
            String line = in.readLine();
            if (line == null) break;
            line = line.trim();
            if (line.isEmpty()) continue;
            out.append(balanced(line, stack) ? "YES\n" : "NO\n");
            done++;
        }
        System.out.print(out);
    }
}
