MONTH_DAY_FORMAT = "n月j日"  # 9月5日
