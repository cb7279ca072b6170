static int *ts_values;

static int ts_by_value(const void *a, const void *b) {
    int x = ts_values[*(const int *)a], y = ts_values[*(const int *)b];
    return (x > y) - (x < y);
}

/* Sort the indices by value, then close in from both ends: O(n log n). */
int* twoSum(int* nums, int numsSize, int target, int* returnSize) {
    int *idx = malloc(sizeof(int) * (size_t)numsSize);
    int *res = malloc(sizeof(int) * 2);
    for (int i = 0; i < numsSize; i++) idx[i] = i;
    ts_values = nums;
    qsort(idx, (size_t)numsSize, sizeof(int), ts_by_value);
    *returnSize = 0;
    for (int lo = 0, hi = numsSize - 1; lo < hi;) {
        long long sum = (long long)nums[idx[lo]] + nums[idx[hi]];
        if (sum == target) {
            res[0] = idx[lo];
            res[1] = idx[hi];
            *returnSize = 2;
            break;
        }
        if (sum < target) lo++; else hi--;
    }
    free(idx);
    return res;
}
